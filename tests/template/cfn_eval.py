"""CloudFormation's evaluation of a decoded template for given Parameters,
account, Region and stack name: enough of it for the templates of this
repository (Ref, Fn::GetAtt, Fn::Sub, Fn::If, Fn::Join, Fn::Split,
Fn::Select and the condition functions). A resource's Ref stands for its
logical id, Fn::GetAtt for "Resource.Attr"."""

import re

NO_VALUE = object()


class Stack:
    def __init__(self, tpl, params=None, account="123456789012", region="us-west-2", name="respondby"):
        self.tpl = tpl
        self.res = tpl["Resources"]
        self.account, self.region, self.name = account, region, name
        self.params = {}
        for k, spec in tpl.get("Parameters", {}).items():
            if params and k in params:
                self.params[k] = str(params[k])
            elif "Default" in spec:
                self.params[k] = str(spec["Default"])
        unknown = set(params or {}) - set(tpl.get("Parameters", {}))
        assert not unknown, f"no Parameters {unknown}"
        missing = set(tpl.get("Parameters", {})) - set(self.params)
        assert not missing, f"Parameters without a value or default: {missing}"
        self.conditions = {k: self.condition(v) for k, v in tpl.get("Conditions", {}).items()}

    def pseudo(self, name):
        return {
            "AWS::AccountId": self.account,
            "AWS::Region": self.region,
            "AWS::StackName": self.name,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
        }.get(name)

    def ref(self, name):
        if name == "AWS::NoValue":
            return NO_VALUE
        if self.pseudo(name) is not None:
            return self.pseudo(name)
        if name in self.params:
            if self.tpl["Parameters"][name]["Type"] in ("CommaDelimitedList", "List<String>"):
                return [v for v in self.params[name].split(",") if v != ""]
            return self.params[name]
        assert name in self.res, f"Ref to nothing: {name}"
        return name

    def sub(self, text, extra=None):
        def repl(m):
            key = m.group(1)
            if extra and key in extra:
                return str(self.resolve(extra[key]))
            if "." in key and key.split(".", 1)[0] in self.res:
                return key
            value = self.ref(key)
            assert isinstance(value, str), (key, value)
            return value

        return re.sub(r"\$\{([^}!]+)\}", repl, text)

    def condition(self, node):
        if isinstance(node, dict) and len(node) == 1:
            (k, v), = node.items()
            if k == "Fn::Equals":
                a, b = (self.resolve(x) for x in v)
                return str(a) == str(b)
            if k == "Fn::Not":
                return not self.condition(v[0])
            if k == "Fn::And":
                return all(self.condition(x) for x in v)
            if k == "Fn::Or":
                return any(self.condition(x) for x in v)
            if k == "Condition":
                return self.condition(self.tpl["Conditions"][v])
        raise AssertionError(f"not a condition: {node}")

    def resolve(self, node):
        if isinstance(node, dict) and len(node) == 1:
            (k, v), = node.items()
            if k == "Ref":
                return self.ref(v)
            if k == "Fn::GetAtt":
                return ".".join(v) if isinstance(v, list) else v
            if k == "Fn::Sub":
                return self.sub(v[0], v[1]) if isinstance(v, list) else self.sub(v)
            if k == "Fn::If":
                name, yes, no = v
                return self.resolve(yes if self.conditions[name] else no)
            if k == "Fn::Join":
                sep, items = v
                return sep.join(self.resolve(items))
            if k == "Fn::Split":
                sep, text = v
                return self.resolve(text).split(sep)
            if k == "Fn::Select":
                index, items = v
                return self.resolve(items)[int(self.resolve(index))]
            if k in ("Fn::Equals", "Fn::Not", "Fn::And", "Fn::Or", "Condition"):
                return self.condition(node)
        if isinstance(node, dict):
            out = {}
            for k, v in node.items():
                r = self.resolve(v)
                if r is not NO_VALUE:
                    out[k] = r
            return out
        if isinstance(node, list):
            out = []
            for item in node:
                r = self.resolve(item)
                if r is NO_VALUE:
                    continue
                if isinstance(item, dict) and "Ref" in item and isinstance(r, list):
                    out.extend(r)
                else:
                    out.append(r)
            return out
        if isinstance(node, (int, float)) and not isinstance(node, bool):
            return node
        return node

    def exists(self, logical_id):
        c = self.res[logical_id].get("Condition")
        return c is None or self.conditions[c]

    def resources(self, type_=None):
        """The resources this deploy creates, resolved."""
        return {k: self.resolve(v) for k, v in self.res.items()
                if self.exists(k) and (type_ is None or v["Type"] == type_)}
