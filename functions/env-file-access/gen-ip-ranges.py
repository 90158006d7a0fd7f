#!/usr/bin/env python3
"""Writes functions/env-file-access/src/ipowner/table.rs: which cloud provider
owns an IP address, from the ranges the providers publish (and, for those
that publish none, the prefixes their networks announce, from RIPEstat).
Run it to refresh the table, then commit it:

    python3 functions/env-file-access/gen-ip-ranges.py            # downloads the official lists
    python3 functions/env-file-access/gen-ip-ranges.py --from-mirror DIR
        # DIR: a checkout of github.com/disposable/cloud-ip-ranges, which
        # mirrors the same official lists (json/<provider>.json)

Overlapping ranges of two providers go to the more specific one (GitHub's
/32s inside Azure's ranges are GitHub's). Adjacent ranges of one provider
are merged. Nothing but the Python standard library is used.
"""
import argparse
import datetime
import ipaddress
import json
import os
import re
import subprocess
import sys
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "src", "ipowner", "table.rs")
AZURE_PAGE = "https://www.microsoft.com/en-us/download/details.aspx?id=56519"
RIPESTAT = "https://stat.ripe.net/data/announced-prefixes/data.json?resource={asn}"


# --- Parsers: each takes the text of one download and returns (prefixes, as_of or None).

def parse_aws(text):
    d = json.loads(text)
    nets = [p["ip_prefix"] for p in d.get("prefixes", [])]
    nets += [p["ipv6_prefix"] for p in d.get("ipv6_prefixes", [])]
    return nets, d.get("createDate", "")[:10] or None


def parse_google(text):
    d = json.loads(text)
    nets = [p.get("ipv4Prefix") or p.get("ipv6Prefix") for p in d.get("prefixes", [])]
    return [n for n in nets if n], (d.get("creationTime") or "")[:10] or None


def parse_azure(text):
    d = json.loads(text)
    nets = []
    for v in d.get("values", []):
        nets += v.get("properties", {}).get("addressPrefixes", [])
    return nets, None


def azure_json_url(page):
    """The ServiceTags_Public_YYYYMMDD.json link on Microsoft's download page."""
    m = re.search(r"https://download\.microsoft\.com/download/[^\"']*?ServiceTags_Public_\d{8}\.json", page)
    if not m:
        raise ValueError("no ServiceTags_Public_*.json link on the Azure download page")
    return m.group(0)


def parse_oracle(text):
    d = json.loads(text)
    nets = [c["cidr"] for r in d.get("regions", []) for c in r.get("cidrs", [])]
    return nets, (d.get("last_updated_timestamp") or "")[:10] or None


def parse_geofeed(text):
    """RFC 8805 geofeed CSV: the prefix is the first field; '#' starts a comment."""
    nets = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        nets.append(line.split(",")[0].strip())
    return nets, None


def parse_vultr(text):
    d = json.loads(text)
    return [s["ip_prefix"] for s in d.get("subnets", []) if s.get("ip_prefix")], None


def parse_lines(text):
    return [l.strip() for l in text.splitlines() if l.strip() and not l.startswith("#")], None


def parse_fastly(text):
    d = json.loads(text)
    return d.get("addresses", []) + d.get("ipv6_addresses", []), None


def parse_github(text):
    # GitHub's own services; its Actions runners are Azure's (and shown as such).
    d = json.loads(text)
    nets = []
    for key in ("hooks", "web", "api", "git", "pages", "importer"):
        nets += d.get(key, [])
    return nets, None


def parse_ripestat(text):
    d = json.loads(text)
    return [p["prefix"] for p in d.get("data", {}).get("prefixes", [])], None


# (mirror file, name, parser, official URLs) for the lists providers publish;
# (mirror file, name, ASNs) for those known only by their networks.
PUBLISHED = [
    ("aws", "Amazon Web Services", parse_aws, ["https://ip-ranges.amazonaws.com/ip-ranges.json"]),
    ("google-cloud", "Google Cloud", parse_google, ["https://www.gstatic.com/ipranges/cloud.json"]),
    ("microsoft-azure", "Microsoft Azure", parse_azure, [AZURE_PAGE]),
    ("oracle-cloud", "Oracle Cloud", parse_oracle, ["https://docs.oracle.com/en-us/iaas/tools/public_ip_ranges.json"]),
    ("digitalocean", "DigitalOcean", parse_geofeed, ["https://digitalocean.com/geo/google.csv"]),
    ("linode", "Akamai Linode", parse_geofeed, ["https://geoip.linode.com/"]),
    ("vultr", "Vultr", parse_vultr, ["https://geofeed.constant.com/?json"]),
    ("cloudflare", "Cloudflare", parse_lines, ["https://www.cloudflare.com/ips-v4", "https://www.cloudflare.com/ips-v6"]),
    ("fastly", "Fastly", parse_fastly, ["https://api.fastly.com/public-ip-list"]),
    ("github", "GitHub", parse_github, ["https://api.github.com/meta"]),
]
ANNOUNCED = [
    ("hetzner", "Hetzner", ["AS24940", "AS37153"]),
    ("ovh", "OVHcloud", ["AS16276", "AS35540"]),
    ("alibaba", "Alibaba Cloud", ["AS45102", "AS134963"]),
    ("tencent", "Tencent Cloud", ["AS45090", "AS133478", "AS132591", "AS132203"]),
    ("huawei-cloud", "Huawei Cloud", ["AS136907", "AS55990"]),
    ("softlayer-ibm", "IBM Cloud", ["AS36351"]),
    ("onlinesas", "Scaleway", ["AS12876"]),
]


def get(url):
    req = urllib.request.Request(url, headers={"User-Agent": "respondby-gen-ip-ranges"})
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.read().decode("utf-8")


def download():
    """[(name, basis, as_of, prefixes)] from the official lists."""
    today = datetime.date.today().isoformat()
    out = []
    for _, name, parse, urls in PUBLISHED:
        nets, as_of = [], None
        for url in urls:
            if url == AZURE_PAGE:
                url = azure_json_url(get(url))
                as_of = re.search(r"_(\d{4})(\d{2})(\d{2})\.json$", url).expand(r"\1-\2-\3")
            n, d = parse(get(url))
            nets += n
            as_of = as_of or d
        out.append((name, "published ranges", as_of or today, nets))
    for _, name, asns in ANNOUNCED:
        nets = []
        for asn in asns:
            nets += parse_ripestat(get(RIPESTAT.format(asn=asn)))[0]
        out.append((name, "announced by " + ", ".join(asns), today, nets))
    return out


def from_mirror(root):
    """[(name, basis, as_of, prefixes)] from a cloud-ip-ranges checkout."""
    out = []
    entries = [(f, n, "published ranges") for f, n, _, _ in PUBLISHED]
    entries += [(f, n, "announced by " + ", ".join(a)) for f, n, a in ANNOUNCED]
    for f, name, basis in entries:
        d = json.load(open(os.path.join(root, "json", f + ".json"), encoding="utf-8"))
        as_of = str(d.get("last_update", ""))[:10]
        out.append((name, basis, as_of, d.get("ipv4", []) + d.get("ipv6", [])))
    return out


def ranges(providers):
    """Non-overlapping (first, last, provider index) for IPv4 and IPv6, sorted;
    where two providers overlap, the more specific range wins, then the one
    listed first."""
    per = {4: [], 6: []}
    for i, (_, _, _, nets) in enumerate(providers):
        by_version = {4: [], 6: []}
        for n in nets:
            try:
                net = ipaddress.ip_network(n.strip(), strict=False)
            except ValueError:
                continue
            by_version[net.version].append(net)
        for v, nets_v in by_version.items():
            for net in ipaddress.collapse_addresses(nets_v):
                per[v].append((int(net.network_address), int(net.broadcast_address), i))
    return paint(per[4]), paint(per[6])


def paint(spans):
    """The owner of every address covered by `spans`: the smallest span
    covering it (ties: the lower provider index), merged where contiguous."""
    points = sorted({s for s, _, _ in spans} | {e + 1 for _, e, _ in spans})
    starts = sorted(spans)
    active, out, k = [], [], 0
    for a, b in zip(points, points[1:]):
        while k < len(starts) and starts[k][0] <= a:
            active.append(starts[k])
            k += 1
        active = [x for x in active if x[1] >= a]
        if not active:
            continue
        owner = min(active, key=lambda x: (x[1] - x[0], x[2]))[2]
        if out and out[-1][2] == owner and out[-1][1] + 1 == a:
            out[-1] = (out[-1][0], b - 1, owner)
        else:
            out.append((a, b - 1, owner))
    return out


def write(providers, v4, v6, source, out=OUT):
    today = datetime.date.today().isoformat()
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as w:
        w.write("// Generated by functions/env-file-access/gen-ip-ranges.py. Do not edit.\n")
        w.write(f"// Made on {today} from {source}.\n\n")
        w.write("use super::Provider;\n\n")
        w.write(f"/// When the table was made.\npub const MADE: &str = \"{today}\";\n")
        w.write(f"/// What it was made from.\npub const SOURCE: &str = {json.dumps(source)};\n\n")
        w.write("/// The providers, by index.\npub const PROVIDERS: &[Provider] = &[\n")
        for name, basis, as_of, _ in providers:
            w.write(f"    Provider {{ name: {json.dumps(name)}, basis: {json.dumps(basis)}, as_of: {json.dumps(as_of)} }},\n")
        w.write("];\n\n")
        w.write("/// IPv4 `(first, last, provider)`, sorted, not overlapping.\n#[rustfmt::skip]\npub const V4: &[(u32, u32, u8)] = &[\n")
        for s, e, p in v4:
            w.write(f"    (0x{s:08x}, 0x{e:08x}, {p}),\n")
        w.write("];\n\n")
        w.write("/// IPv6 `(first, last, provider)`, sorted, not overlapping.\n#[rustfmt::skip]\npub const V6: &[(u128, u128, u8)] = &[\n")
        for s, e, p in v6:
            w.write(f"    (0x{s:032x}, 0x{e:032x}, {p}),\n")
        w.write("];\n")
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from-mirror", metavar="DIR", help="read a checkout of disposable/cloud-ip-ranges instead of downloading")
    ap.add_argument("--mirror-rev", metavar="REV", help="the mirror's commit and date, when DIR is not a git checkout")
    ap.add_argument("--out", default=OUT)
    args = ap.parse_args(argv)
    if args.from_mirror:
        providers = from_mirror(args.from_mirror)
        try:
            if args.mirror_rev:
                raise OSError
            rev = subprocess.run(["git", "-C", args.from_mirror, "log", "-1", "--format=%h %cs"],
                                 capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            rev = args.mirror_rev or "unknown revision"
        source = f"github.com/disposable/cloud-ip-ranges {rev}, its mirror of the providers' lists"
    else:
        providers = download()
        source = "the providers' official lists and RIPEstat's announced prefixes"
    if len(providers) > 255:
        sys.exit("too many providers for a u8 index")
    v4, v6 = ranges(providers)
    out = write(providers, v4, v6, source, args.out)
    print(f"{len(v4)} IPv4 and {len(v6)} IPv6 ranges of {len(providers)} providers -> {out}")


if __name__ == "__main__":
    main()
