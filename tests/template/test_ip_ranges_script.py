"""The refresh script of the .env function's IP owner table
(functions/env-file-access/gen-ip-ranges.py): its parsers read each
provider's published format, and the table it writes gives each address to
the most specific range. Small local samples; no network."""
import importlib.util
import ipaddress
import json
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "functions" / "env-file-access" / "gen-ip-ranges.py"
spec = importlib.util.spec_from_file_location("gen_ip_ranges", SCRIPT)
gen = importlib.util.module_from_spec(spec)
spec.loader.exec_module(gen)


def test_aws_ip_ranges_json():
    text = json.dumps({
        "syncToken": "1", "createDate": "2026-11-30-21-13-07",
        "prefixes": [{"ip_prefix": "13.232.0.0/14", "region": "ap-south-1", "service": "EC2"}],
        "ipv6_prefixes": [{"ipv6_prefix": "2600:1f18::/33", "region": "us-east-1", "service": "EC2"}],
    })
    nets, as_of = gen.parse_aws(text)
    assert nets == ["13.232.0.0/14", "2600:1f18::/33"]
    assert as_of == "2026-11-30"


def test_google_cloud_json():
    text = json.dumps({"creationTime": "2026-11-30T23:05:01.12345", "prefixes": [
        {"ipv4Prefix": "34.84.0.0/16", "service": "Google Cloud", "scope": "asia-northeast1"},
        {"ipv6Prefix": "2600:1900:4000::/44", "service": "Google Cloud", "scope": "us-central1"},
    ]})
    assert gen.parse_google(text) == (["34.84.0.0/16", "2600:1900:4000::/44"], "2026-11-30")


def test_azure_service_tags_and_the_link_on_its_download_page():
    text = json.dumps({"changeNumber": 1, "values": [
        {"name": "AzureCloud", "properties": {"addressPrefixes": ["20.43.64.0/19", "2603:1000::/40"]}},
        {"name": "Storage", "properties": {"addressPrefixes": ["20.43.64.0/20"]}},
    ]})
    assert gen.parse_azure(text)[0] == ["20.43.64.0/19", "2603:1000::/40", "20.43.64.0/20"]
    page = ('<a href="https://download.microsoft.com/download/7/1/d/71d86715-5596-4529-9b13-'
            'da13a5de5b63/ServiceTags_Public_20261130.json" class="x">Download</a>')
    assert gen.azure_json_url(page).endswith("ServiceTags_Public_20261130.json")


def test_oracle_json():
    text = json.dumps({"last_updated_timestamp": "2026-11-28T10:00:00.000000", "regions": [
        {"region": "us-phoenix-1", "cidrs": [{"cidr": "129.146.0.0/21", "tags": ["OCI"]}]}]})
    assert gen.parse_oracle(text) == (["129.146.0.0/21"], "2026-11-28")


def test_geofeeds_vultr_plain_lists_fastly_github_and_ripestat():
    geofeed = "# DigitalOcean geofeed\n159.89.0.0/20,IN,IN-KA,Bangalore,\n\n2400:6180::/48,SG,SG-01,Singapore,\n"
    assert gen.parse_geofeed(geofeed)[0] == ["159.89.0.0/20", "2400:6180::/48"]
    vultr = json.dumps({"subnets": [{"ip_prefix": "45.32.0.0/19", "alpha2code": "US"}, {"alpha2code": "US"}]})
    assert gen.parse_vultr(vultr)[0] == ["45.32.0.0/19"]
    assert gen.parse_lines("104.16.0.0/13\n2400:cb00::/32\n")[0] == ["104.16.0.0/13", "2400:cb00::/32"]
    fastly = json.dumps({"addresses": ["23.235.32.0/20"], "ipv6_addresses": ["2a04:4e40::/32"]})
    assert gen.parse_fastly(fastly)[0] == ["23.235.32.0/20", "2a04:4e40::/32"]
    github = json.dumps({"hooks": ["192.30.252.0/22"], "web": ["140.82.112.0/20"],
                         "actions": ["4.148.0.0/16"], "verifiable_password_authentication": False})
    assert gen.parse_github(github)[0] == ["192.30.252.0/22", "140.82.112.0/20"]
    ripe = json.dumps({"data": {"prefixes": [{"prefix": "116.202.0.0/16"}, {"prefix": "2a01:4f8::/32"}]}})
    assert gen.parse_ripestat(ripe)[0] == ["116.202.0.0/16", "2a01:4f8::/32"]


def test_the_most_specific_range_wins_and_one_providers_neighbours_merge():
    providers = [
        ("Big Cloud", "published ranges", "2026-11-30", ["20.0.0.0/8", "21.0.0.0/8", "2603::/16"]),
        ("Small Service", "published ranges", "2026-11-30", ["20.1.2.3/32", "not a prefix"]),
    ]
    v4, v6 = gen.ranges(providers)
    ip = lambda s: int(ipaddress.ip_address(s))
    assert v4 == [
        (ip("20.0.0.0"), ip("20.1.2.2"), 0),
        (ip("20.1.2.3"), ip("20.1.2.3"), 1),
        (ip("20.1.2.4"), ip("21.255.255.255"), 0),
    ]
    assert v6 == [(ip("2603::"), ip("2603:ffff:ffff:ffff:ffff:ffff:ffff:ffff"), 0)]


def test_the_written_table_is_rust_with_its_date_and_source(tmp_path):
    providers = [("Big Cloud", "published ranges", "2026-11-30", ["20.0.0.0/8", "2603::/16"])]
    v4, v6 = gen.ranges(providers)
    out = gen.write(providers, v4, v6, "a test sample", tmp_path / "table.rs")
    text = pathlib.Path(out).read_text()
    assert 'pub const SOURCE: &str = "a test sample";' in text
    assert re.search(r'pub const MADE: &str = "\d{4}-\d{2}-\d{2}";', text)
    assert 'Provider { name: "Big Cloud", basis: "published ranges", as_of: "2026-11-30" }' in text
    assert "(0x14000000, 0x14ffffff, 0)," in text
    assert "(0x26030000000000000000000000000000, 0x2603ffffffffffffffffffffffffffff, 0)," in text


def test_the_committed_table_names_its_source_and_date():
    text = (ROOT / "functions" / "env-file-access" / "src" / "ipowner" / "table.rs").read_text()
    assert text.startswith("// Generated by functions/env-file-access/gen-ip-ranges.py.")
    assert re.search(r'pub const MADE: &str = "\d{4}-\d{2}-\d{2}";', text)
    assert "pub const SOURCE: &str" in text
