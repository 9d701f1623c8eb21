#!/usr/bin/env node
// make-ioc-bundles.js - regenerates the IOC bundles in iocs/ (format
// pkgward-ioc/1, docs/ioc-format.md, schema docs/pkgward-ioc.schema.json)
// from the public data in the shared test corpus (<repo>/../shared/corpus,
// see its README.md). Node built-ins only; nothing is downloaded, nothing in
// the corpus is executed (the IOC lists and OSV records are read as text).
//
//   node scripts/make-ioc-bundles.js [--corpus DIR] [--out DIR]
//
// Default --out is <repo>/iocs. When the corpus is absent the script says so
// and exits 0 (the committed bundles stay as they are). The output is
// deterministic: every array is sorted, keys are written in a fixed order,
// JSON is indented by 2 spaces and ends with a newline, so a rerun on the same
// corpus rewrites byte-identical files (tests/cli/test-ioc-bundles.sh checks).
//
// Inputs (paths relative to the corpus):
//   ioc/datadog/axios-npm-supply-chain-compromise_iocs.csv  type,indicator,context
//   ioc/datadog/shai-hulud-2.0.csv                          package_name,package_version
//   ioc/datadog/shai-hulud-2.0_consolidated_iocs.csv        package_name,package_versions ("a, b"),sources
//   ioc/wiz/shai-hulud-2-packages.csv                       Package,Version ("= a || = b")
//   ioc/shai-hulud-detect/compromised-packages.txt          [eco:]name:version, "# ===" sections
//   ioc/derived/key-incidents.csv                           incident,date,ecosystem,package,version,source
//   osv/npm/*.json, osv/pypi/*.json                         OSV records (ossf/malicious-packages)
// ioc/hemachandsai/malicious_npm_packages.json is deliberately not used.
//
// How the mixed compromised-packages.txt list is split (it is one big
// alphabetical block under the header "SEPTEMBER 8, 2025 - CHALK/DEBUG",
// holding the chalk/debug hijack, Shai-Hulud wave 1 and Shai-Hulud 2.0 alike;
// later campaigns have their own sections):
//   1. chalk/debug: the rows of derived/key-incidents.csv, plus the names the
//      same phishing campaign hit on 2025-09-08/09 (QIX_FOLLOW_UPS below:
//      duckdb, @duckdb/*, prebid, @coveops/abi; DuckDB advisory
//      GHSA-w62p-hx95-gf2c), taken with the versions the block lists;
//   2. Shai-Hulud 2.0: every name@version in the Datadog or Wiz lists;
//   3. Shai-Hulud wave 1: what is left of that first block. Sanity checks
//      below require @ctrl/tinycolor 4.1.1/4.1.2 (patient zero, OSV
//      MAL-2025-47141) to land in wave 1 and no wave-1 entry to be in wave 2.
// A few indicators are not in the corpus files but are documented in the
// write-ups the corpus cites; they are listed in WELL_KNOWN below with the
// reference that documents them (and that reference is added to the bundle).
'use strict';

const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..');

// ---------------------------------------------------------------- arguments

function usage(code) {
  process.stderr.write('usage: make-ioc-bundles.js [--corpus DIR] [--out DIR]\n');
  process.exit(code);
}

let corpus = path.resolve(REPO, '..', 'shared', 'corpus');
let outDir = path.join(REPO, 'iocs');
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-h' || a === '--help') usage(0);
    else if (a === '--corpus' && i + 1 < argv.length) corpus = path.resolve(argv[++i]);
    else if (a === '--out' && i + 1 < argv.length) outDir = path.resolve(argv[++i]);
    else usage(2);
  }
}

if (!fs.existsSync(path.join(corpus, 'README.md'))) {
  process.stdout.write(`make-ioc-bundles: corpus not found at ${corpus}; nothing regenerated\n`);
  process.exit(0);
}

function die(msg) {
  process.stderr.write(`make-ioc-bundles: ${msg}\n`);
  process.exit(1);
}

function readText(rel) {
  const p = path.join(corpus, rel);
  try {
    return fs.readFileSync(p, 'utf8');
  } catch (e) {
    die(`cannot read ${p}: ${e.message}`);
  }
}

// ------------------------------------------------------------------ helpers

// RFC 4180 CSV (quoted fields, "" escapes, CRLF or LF). Returns objects keyed
// by the header row.
function parseCsv(text, rel) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      field = '';
      if (row.length > 1 || row[0] !== '') rows.push(row);
      row = [];
    } else {
      field += c;
    }
  }
  if (quoted) die(`${rel}: unterminated quoted field`);
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  const header = rows.shift().map((h) => h.trim());
  return rows.map((r, n) => {
    if (r.length !== header.length)
      die(`${rel}: row ${n + 2} has ${r.length} fields, header has ${header.length}`);
    const o = {};
    header.forEach((h, k) => (o[h] = r[k].trim()));
    return o;
  });
}

// Indicators copied from reports are often defanged; bundles store them
// refanged (docs/ioc-format.md).
function refang(s) {
  return s
    .replace(/\[\.\]|\(\.\)|\{\.\}|\[dot\]/gi, '.')
    .replace(/\[:\]/g, ':')
    .replace(/\[\/\]/g, '/')
    .replace(/\bhxxp(s?)/gi, 'http$1')
    .replace(/\bfxp\b/gi, 'ftp');
}

// Total order on version strings: numeric runs compare as numbers, the rest
// as text; plain string order breaks ties so the order is always the same.
function cmpVersion(a, b) {
  const pa = a.split(/([0-9]+)/);
  const pb = b.split(/([0-9]+)/);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (i % 2 === 1) {
      const d = BigInt(pa[i]) - BigInt(pb[i]);
      if (d !== 0n) return d < 0n ? -1 : 1;
    }
    return pa[i] < pb[i] ? -1 : 1;
  }
  if (pa.length !== pb.length) return pa.length < pb.length ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function cmpStr(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

function uniqSorted(list) {
  return [...new Set(list)].sort(cmpStr);
}

// A package set: Map "eco\0name" -> Set(versions).
class PackageSet {
  constructor() {
    this.m = new Map();
    this.all = new Set(); // names where every version counts
  }
  markAll(eco, name) {
    this.all.add(`${eco.toLowerCase()}\u0000${name}`);
  }
  add(eco, name, version) {
    eco = eco.toLowerCase();
    name = name.trim();
    version = version.trim();
    if (!name || !version) die(`empty package name or version (${eco} "${name}" "${version}")`);
    if (/[\s:]/.test(name) || /[\s:]/.test(version))
      die(`unexpected package spelling: ${eco} "${name}" "${version}"`);
    const k = `${eco}\u0000${name}`;
    if (!this.m.has(k)) this.m.set(k, new Set());
    this.m.get(k).add(version);
  }
  addAll(other) {
    for (const [eco, name, v] of other.entries()) this.add(eco, name, v);
  }
  has(eco, name, version) {
    const s = this.m.get(`${eco}\u0000${name}`);
    return !!s && s.has(version);
  }
  *entries() {
    for (const [k, vs] of this.m) {
      const [eco, name] = k.split('\u0000');
      for (const v of vs) yield [eco, name, v];
    }
  }
  get size() {
    let n = 0;
    for (const vs of this.m.values()) n += vs.size;
    return n;
  }
  toJson() {
    return [...this.m.keys()]
      .sort(cmpStr)
      .map((k) => {
        const [eco, name] = k.split('\u0000');
        const o = { ecosystem: eco, name, versions: [...this.m.get(k)].sort(cmpVersion) };
        if (this.all.has(k)) o.all_versions = true;
        return o;
      });
  }
}

// ------------------------------------------------------------------ sources

const SRC = {
  axiosCsv: 'ioc/datadog/axios-npm-supply-chain-compromise_iocs.csv',
  ddSh2: 'ioc/datadog/shai-hulud-2.0.csv',
  ddSh2Consolidated: 'ioc/datadog/shai-hulud-2.0_consolidated_iocs.csv',
  wizSh2: 'ioc/wiz/shai-hulud-2-packages.csv',
  compromised: 'ioc/shai-hulud-detect/compromised-packages.txt',
  keyIncidents: 'ioc/derived/key-incidents.csv',
};

// Where the corpus copies came from (corpus README.md, "ioc/" table).
const UPSTREAM = {
  datadogAxios:
    'https://github.com/DataDog/indicators-of-compromise/tree/main/axios-npm-supply-chain-compromise',
  datadogSh2: 'https://github.com/DataDog/indicators-of-compromise/tree/main/shai-hulud-2.0',
  wizSh2:
    'https://github.com/wiz-sec-public/wiz-research-iocs/blob/main/reports/shai-hulud-2-packages.csv',
  shaiHuludDetect:
    'https://github.com/Cobenian/shai-hulud-detect/blob/main/compromised-packages.txt',
};

// compromised-packages.txt: "# ====" framed section headers, comment lines,
// entries "[eco:]name:version" (a bare entry is npm; npm and PyPI names never
// contain ':', so any entry with two or more colons carries a prefix).
function loadCompromised() {
  const lines = readText(SRC.compromised).split(/\r?\n/);
  // A section header is framed by two rule lines ("# ===="): the first
  // comment line inside the frame is the title, the rest its description.
  // Comments after the frame (until the next one) belong to the section too.
  const sections = [{ title: '(preamble)', comments: [], entries: [] }];
  let cur = sections[0];
  let inHeader = false;
  const skipped = {};
  for (const raw of lines) {
    const line = raw.trim();
    if (!line) continue;
    if (line.startsWith('#')) {
      const text = line.replace(/^#+\s?/, '').trim();
      if (/^={10,}$/.test(text)) {
        inHeader = !inHeader;
        if (inHeader) {
          cur = { title: null, comments: [], entries: [] };
          sections.push(cur);
        }
      } else if (inHeader && cur.title === null) {
        cur.title = text;
      } else {
        cur.comments.push(text);
      }
      continue;
    }
    if (inHeader) die(`${SRC.compromised}: entry inside a section header: "${line}"`);
    const parts = line.split(':');
    let eco = 'npm';
    if (parts.length > 2) eco = parts.shift().toLowerCase();
    if (parts.length !== 2) die(`${SRC.compromised}: cannot parse "${line}"`);
    if (eco !== 'npm' && eco !== 'pypi') {
      skipped[eco] = (skipped[eco] || 0) + 1;
      continue;
    }
    cur.entries.push([eco, parts[0], parts[1]]);
  }
  if (inHeader) die(`${SRC.compromised}: unterminated section header`);
  return { sections, skipped };
}

function loadOsv() {
  const recs = new Map();
  for (const eco of ['npm', 'pypi']) {
    const dir = path.join(corpus, 'osv', eco);
    if (!fs.existsSync(dir)) die(`missing ${dir}`);
    for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json')).sort()) {
      let r;
      try {
        r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      } catch (e) {
        die(`osv/${eco}/${f}: ${e.message}`);
      }
      recs.set(r.id, r);
    }
  }
  return recs;
}

function osv(recs, id) {
  const r = recs.get(id);
  if (!r) die(`OSV record ${id} is not in the corpus`);
  return r;
}

// Exact versions an OSV record lists. Ranges are not expanded: a record whose
// only range is introduced "0" would mean "every version", which for a
// hijacked (otherwise legitimate) package is wrong; callers take exact
// versions from the IOC lists instead.
function osvPackages(r) {
  const set = new PackageSet();
  for (const a of r.affected || []) {
    const eco = a.package.ecosystem.toLowerCase();
    for (const v of a.versions || []) set.add(eco, a.package.name, v);
  }
  return set;
}

function osvRefs(r) {
  const urls = (r.references || []).map((x) => x.url);
  for (const al of r.aliases || [])
    if (/^GHSA-/.test(al)) urls.push(`https://github.com/advisories/${al}`);
  urls.push(`https://osv.dev/vulnerability/${r.id}`);
  return urls;
}

// --------------------------------------------------------- well-known facts
//
// Indicators not present in the corpus files but documented in the incident
// write-ups the corpus itself references (compromised-packages.txt header,
// OSV references). Kept few; each carries the reference that documents it.

const REF = {
  socketTinycolor: 'https://socket.dev/blog/tinycolor-supply-chain-attack-affects-40-packages',
  socketSh1: 'https://socket.dev/blog/ongoing-supply-chain-attack-targets-crowdstrike-npm-packages',
  stepSh1: 'https://www.stepsecurity.io/blog/ctrl-tinycolor-and-40-npm-packages-compromised',
  wizSh1: 'https://www.wiz.io/blog/shai-hulud-npm-supply-chain-attack',
  wizSh2: 'https://www.wiz.io/blog/shai-hulud-2-0-ongoing-supply-chain-attack',
  stepSh2:
    'https://www.stepsecurity.io/blog/sha1-hulud-the-second-coming-zapier-ens-domains-and-other-prominent-npm-packages-compromised',
  stepAxios:
    'https://www.stepsecurity.io/blog/axios-compromised-on-npm-malicious-versions-drop-remote-access-trojan',
  aikidoChalk: 'https://www.aikido.dev/blog/npm-debug-and-chalk-packages-compromised',
  duckdb: 'https://github.com/duckdb/duckdb-node/security/advisories/GHSA-w62p-hx95-gf2c',
};

const WELL_KNOWN = {
  'shai-hulud-2025-09': {
    references: [REF.socketTinycolor, REF.socketSh1, REF.stepSh1, REF.wizSh1],
    hashes: [
      // bundle.js: the first is the one in the Socket write-up; the others are
      // the variants StepSecurity/Wiz listed as the worm spread.
      ['46faab8ab153fae6e80e7cca38eab363075bb524edd79e42269217a083628f09', 'Shai-Hulud bundle.js (postinstall payload)'],
      ['b74caeaa75e077c99f7d44f46daaf9796a3be43ecf24f2a1fd381844669da777', 'Shai-Hulud bundle.js (variant)'],
      ['dc67467a39b70d1cd4c1f7f7a459b35058163592f4a9e8fb4dffcbba98ef210c', 'Shai-Hulud bundle.js (variant)'],
      ['4b2399646573bb737c4969563303d8ee2e9ddbd1b271f1ca9e35ea78062538db', 'Shai-Hulud bundle.js (variant)'],
      ['de0e25a3e6c1e1e5998b306b7141b3dc4c0088da9d7bb47c1c00c91e6e4f85d6', 'Shai-Hulud bundle.js (variant)'],
      ['81d2a004a1bca6ef87a1caf7d0e0b355ad1764238e40ff6d1b1cb77ad4f595c3', 'Shai-Hulud bundle.js (variant)'],
      ['83a650ce44b2a9854802a7fb4c202877815274c129af49e6c2d1d5d5d55c501e', 'Shai-Hulud bundle.js (variant)'],
    ],
    files: [
      ['linux', '/tmp/processor.sh', 'script the worm writes to push the shai-hulud branch and workflow'],
      ['macos', '/tmp/processor.sh', 'script the worm writes to push the shai-hulud branch and workflow'],
      ['linux', '/tmp/migrate-repos.sh', 'script the worm writes to make private repositories public ("-migration")'],
      ['macos', '/tmp/migrate-repos.sh', 'script the worm writes to make private repositories public ("-migration")'],
    ],
    urls: ['hxxps://webhook[.]site/bb8ca5f6-4175-45d2-b042-fc9ebb8170b7'],
    strings: ['bb8ca5f6-4175-45d2-b042-fc9ebb8170b7'],
    workflows: [
      { name: 'shai-hulud-workflow.yml' },
      { contents: ['webhook.site/bb8ca5f6-4175-45d2-b042-fc9ebb8170b7'] },
    ],
  },
  'shai-hulud-2-2025-11': {
    references: [REF.wizSh2, REF.stepSh2],
    hashes: [
      ['a3894003ad1d293ba96d77881ccd2071446dc3f65f434669b49b3da92421901a', 'setup_bun.js (preinstall loader)'],
      ['62ee164b9b306250c1172583f138c9614139264f889fa99614903c12755468d0', 'bun_environment.js (payload)'],
      ['f099c5d9ec417d4445a0328ac0ada9cde79fc37410914103ae9c609cbc0ee068', 'bun_environment.js (payload variant)'],
      ['cbb9bc5a8496243e02f3cc080efbe3e4a1430ba0671f2e43a202bf45b05479cd', 'bun_environment.js (payload variant)'],
    ],
    files: [['any', '~/.truffler-cache', 'TruffleHog download directory created by the payload']],
    strings: ['Sha1-Hulud: The Second Coming', 'SHA1HULUD'],
    workflows: [{ name: 'discussion.yaml' }, { name: 'formatter_123456789.yml' }],
  },
  'chalk-debug-2025-09': {
    references: [REF.duckdb],
    domains: ['npmjs[.]help'],
    strings: ['0xFc4a4858bafef54D1b1d7697bfb5c52F4c166976', 'checkethereumw', 'stealthProxyControl'],
  },
  'axios-2026-03': {
    references: [REF.stepAxios],
    strings: ['OrDeR_7077'],
  },
};

// Names the chalk/debug phishing campaign (maintainer accounts phished via
// npmjs.help, same wallet-drainer payload) hit the next day; they sit in the
// same compromised-packages.txt block and in no Shai-Hulud list.
const QIX_FOLLOW_UPS = ['@coveops/abi', '@duckdb/duckdb-wasm', '@duckdb/node-api', '@duckdb/node-bindings', 'duckdb', 'prebid'];

// ----------------------------------------------------------------- building

function bundle(fields) {
  // fixed key order, docs/ioc-format.md
  return {
    format: 'pkgward-ioc/1',
    id: fields.id,
    title: fields.title,
    published: fields.published,
    references: uniqSorted(fields.references.map(refang)),
    remediation: fields.remediation,
    packages: fields.packages.toJson(),
    files: dedupeBy(
      (fields.files || []).map(([os, p, d]) => (d ? { os, path: p, description: d } : { os, path: p })),
      (f) => `${f.os}\u0000${f.path}`,
    ).sort((a, b) => cmpStr(a.os, b.os) || cmpStr(a.path, b.path)),
    hashes: dedupeBy(
      (fields.hashes || []).map(([h, d, size]) => {
        const o = { sha256: h.toLowerCase(), size: size || 0 };
        if (d) o.description = d;
        return o;
      }),
      (h) => h.sha256,
    ).sort((a, b) => cmpStr(a.sha256, b.sha256)),
    domains: uniqSorted((fields.domains || []).map((d) => refang(d).toLowerCase())),
    ips: uniqSorted((fields.ips || []).map(refang)),
    urls: uniqSorted((fields.urls || []).map(refang)),
    strings: uniqSorted(fields.strings || []),
    workflows: dedupeBy(
      (fields.workflows || []).map((w) => {
        const o = {};
        if (w.name) o.name = w.name;
        if (w.contents) o.contents = uniqSorted(w.contents);
        return o;
      }),
      (w) => JSON.stringify(w),
    ).sort((a, b) => cmpStr(a.name || '', b.name || '') || cmpStr(JSON.stringify(a), JSON.stringify(b))),
  };
}

function dedupeBy(list, f) {
  const seen = new Map();
  for (const x of list) if (!seen.has(f(x))) seen.set(f(x), x);
  return [...seen.values()];
}

function withWellKnown(id, fields) {
  const w = WELL_KNOWN[id] || {};
  for (const k of ['references', 'hashes', 'files', 'domains', 'ips', 'urls', 'strings', 'workflows'])
    if (w[k]) fields[k] = (fields[k] || []).concat(w[k]);
  return fields;
}

const compromised = loadCompromised();
const osvRecs = loadOsv();
const keyRows = parseCsv(readText(SRC.keyIncidents), SRC.keyIncidents);
const notes = []; // source ambiguities resolved, printed at the end

function keyIncident(prefix) {
  const rows = keyRows.filter((r) => r.incident === prefix);
  if (!rows.length) die(`${SRC.keyIncidents}: no rows for ${prefix}`);
  const set = new PackageSet();
  for (const r of rows) set.add(r.ecosystem, r.package, r.version);
  const dates = uniqSorted(rows.map((r) => r.date));
  if (dates.length !== 1) die(`${SRC.keyIncidents}: ${prefix} has several dates ${dates}`);
  return { set, date: dates[0] };
}

function section(re) {
  const s = compromised.sections.filter((x) => re.test(x.title));
  if (s.length !== 1) die(`${SRC.compromised}: expected one section matching ${re}, found ${s.length}`);
  return s[0];
}

// Notes entries of small that big lacks (the caller then merges them).
function checkSubset(what, small, big, merged = true) {
  const missing = [...small.entries()].filter(([e, n, v]) => !big.has(e, n, v));
  if (missing.length)
    notes.push(
      `${what}: ${missing.length} not in the other list (${missing
        .map(([, n, v]) => `${n}@${v}`)
        .sort(cmpStr)
        .join(', ')})${merged ? '; merged' : ''}`,
    );
}

// ---- axios 2026-03 -------------------------------------------------------

function buildAxios() {
  const rows = parseCsv(readText(SRC.axiosCsv), SRC.axiosCsv);
  const pk = new PackageSet();
  const f = { files: [], hashes: [], domains: [], ips: [], urls: [], strings: [] };
  const skipped = [];
  for (const r of rows) {
    const ind = refang(r.indicator);
    switch (r.type) {
      case 'domain':
        f.domains.push(ind);
        break;
      case 'ipv4':
      case 'ipv6':
        f.ips.push(ind);
        break;
      case 'url':
        f.urls.push(ind);
        break;
      case 'user-agent':
        f.strings.push(r.indicator);
        break;
      case 'npm package': {
        const at = ind.lastIndexOf('@');
        if (at <= 0) die(`${SRC.axiosCsv}: bad package "${ind}"`);
        pk.add('npm', ind.slice(0, at), ind.slice(at + 1));
        break;
      }
      case 'sha256':
        f.hashes.push([ind, r.context]);
        break;
      case 'filepath': {
        const m = r.context.match(/^(macOS|Windows|Linux):\s*(.*)$/);
        if (!m) die(`${SRC.axiosCsv}: no OS in "${r.context}"`);
        // "/tmp/.<random 6 chars>" has no fixed name; as "/tmp/.*" it would
        // match every dot file in /tmp (X11 sockets...), so it is left out.
        if (/[<>]/.test(ind)) {
          skipped.push(ind);
          break;
        }
        f.files.push([{ macOS: 'macos', Windows: 'windows', Linux: 'linux' }[m[1]], ind, m[2]]);
        break;
      }
      case 'registry':
        skipped.push(ind); // no registry field in pkgward-ioc/1; named in the remediation
        break;
      default:
        die(`${SRC.axiosCsv}: unknown indicator type "${r.type}"`);
    }
  }
  if (skipped.length) notes.push(`axios: not representable, left out: ${skipped.join(' ; ')}`);
  const ki = keyIncident('axios-2026-03');
  checkSubset('axios key-incidents rows', ki.set, pk);
  pk.addAll(ki.set);
  const o1 = osv(osvRecs, 'MAL-2026-2307'); // axios
  const o2 = osv(osvRecs, 'MAL-2026-2306'); // plain-crypto-js
  for (const o of [o1, o2]) {
    checkSubset(`axios ${o.id}`, osvPackages(o), pk);
    pk.addAll(osvPackages(o));
    const iocs = (o.database_specific || {}).iocs || {};
    f.domains.push(...(iocs.domains || []));
    f.ips.push(...(iocs.ips || []));
    f.urls.push(...(iocs.urls || []));
  }
  const sec = section(/AXIOS SUPPLY CHAIN ATTACK/);
  const secSet = new PackageSet();
  for (const [e, n, v] of sec.entries) secSet.add(e, n, v);
  checkSubset('axios section of compromised-packages.txt', secSet, pk);
  pk.addAll(secSet);
  // plain-crypto-js existed only for this attack (a decoy 4.2.0 published
  // the day before, then the dropper in 4.2.1, which rewrites its own
  // package.json to say 4.2.0 after running): any copy on disk is a hit.
  pk.markAll('npm', 'plain-crypto-js');
  const refs = [UPSTREAM.datadogAxios, ...osvRefs(o1), ...osvRefs(o2)];
  for (const c of sec.comments) {
    const m = c.match(/^Source:\s*(\S+)/);
    if (m) refs.push(m[1]);
    const c2 = c.match(/^C2:\s*(\S+)\s*\(([0-9.]+):([0-9]+)\)/);
    if (c2) {
      f.domains.push(c2[1]);
      f.ips.push(c2[2]);
    }
  }
  return bundle(
    withWellKnown('axios-2026-03', {
      id: 'axios-2026-03',
      title: 'axios 1.14.1 / 0.30.4 hijack (plain-crypto-js RAT dropper)',
      published: ki.date,
      references: refs,
      remediation:
        'A hijacked maintainer account published axios 1.14.1 and 0.30.4 with a new dependency, plain-crypto-js 4.2.1, whose postinstall script (setup.js) downloads a platform-specific remote access trojan from sfrclak.com (142.11.206.73, port 8000) and then deletes itself. Any machine or CI job that installed these versions must be treated as fully compromised: removing the package does not remove the RAT. ' +
        'Remove: pin axios to a release published before 2026-03-31 (1.14.0 or 0.30.3), delete node_modules/plain-crypto-js, fix the lockfile, clear the npm/yarn/pnpm caches, and reinstall with --ignore-scripts; rebuild from a clean image where possible. ' +
        'Check: macOS /Library/Caches/com.apple.act.mond and $TMPDIR/6202033; Linux /tmp/ld.py and unexpected random dot files in /tmp; Windows %PROGRAMDATA%\\wt.exe (a renamed PowerShell), %PROGRAMDATA%\\system.bat, %TEMP%\\6202033.vbs, %TEMP%\\6202033.ps1 and the Run key HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\MicrosoftUpdate; search proxy, DNS and EDR logs for sfrclak.com, 142.11.206.73 and the user agent "mozilla/4.0 (compatible; msie 8.0; windows nt 5.1; trident/4.0)". ' +
        'Rotate, from a clean machine, everything the host or job could read: npm tokens (~/.npmrc), GitHub tokens and SSH keys, cloud keys (AWS, GCP, Azure), CI/CD secrets, and any other credentials in environment variables or dotfiles; review npm and GitHub audit logs for actions since the install.',
      packages: pk,
      ...f,
    }),
  );
}

// ---- Shai-Hulud 2.0 (November 2025) --------------------------------------

function buildSh2Set() {
  const set = new PackageSet();
  for (const r of parseCsv(readText(SRC.ddSh2), SRC.ddSh2)) set.add('npm', r.package_name, r.package_version);
  for (const r of parseCsv(readText(SRC.ddSh2Consolidated), SRC.ddSh2Consolidated))
    for (const v of r.package_versions.split(',')) if (v.trim()) set.add('npm', r.package_name, v);
  for (const r of parseCsv(readText(SRC.wizSh2), SRC.wizSh2))
    for (const v of r.Version.split('||')) {
      const m = v.trim().match(/^=?\s*(\S+)$/);
      if (!m) die(`${SRC.wizSh2}: cannot parse version "${v}" of ${r.Package}`);
      set.add('npm', r.Package, m[1]);
    }
  return set;
}

function buildSh2(sh2) {
  const pk = new PackageSet();
  pk.addAll(sh2);
  const recs = ['MAL-2025-190648', 'MAL-2025-190925'].map((id) => osv(osvRecs, id));
  const refs = [UPSTREAM.datadogSh2, UPSTREAM.wizSh2];
  for (const o of recs) {
    checkSubset(`Shai-Hulud 2.0 ${o.id}`, osvPackages(o), pk);
    pk.addAll(osvPackages(o));
    refs.push(...osvRefs(o));
  }
  const published = recs.map((o) => o.published.slice(0, 10)).sort(cmpStr)[0];
  return bundle(
    withWellKnown('shai-hulud-2-2025-11', {
      id: 'shai-hulud-2-2025-11',
      title: 'Shai-Hulud 2.0 ("Sha1-Hulud: The Second Coming") npm worm, November 2025',
      published,
      references: refs,
      remediation:
        'Second Shai-Hulud wave: trojanized releases (Zapier, ENS Domains, PostHog, Postman, AsyncAPI and hundreds more) run a preinstall script, setup_bun.js, that installs the Bun runtime and starts bun_environment.js. It harvests secrets with TruffleHog (downloaded to ~/.truffler-cache), environment variables and cloud metadata, publishes them to a new public GitHub repository described "Sha1-Hulud: The Second Coming." (cloud.json, contents.json, environment.json, truffleSecrets.json, actionsSecrets.json), registers the machine as a self-hosted GitHub Actions runner named SHA1HULUD (under ~/.dev-env) driven by .github/workflows/discussion.yaml, dumps repository secrets through .github/workflows/formatter_123456789.yml, and republishes every package the stolen npm token can publish. When it can neither exfiltrate nor spread it may wipe the home directory, so image the machine before cleaning. ' +
        'Remove: the listed versions from package.json, lockfiles, node_modules and the npm/yarn/pnpm/bun caches; reinstall with --ignore-scripts; delete ~/.truffler-cache, ~/.dev-env and any unknown ~/.bun. ' +
        'Check: GitHub for repositories with that description, self-hosted runners named SHA1HULUD (org and repository level), and the discussion.yaml and formatter_*.yml workflows in every repository the account can push to; npm for versions you did not publish. ' +
        'Rotate, from a clean machine: npm tokens (and deprecate any version published with them), GitHub personal access tokens, OAuth tokens and SSH keys, AWS/GCP/Azure keys and cloud credentials, and every CI/CD secret of repositories that ran the workflows.',
      packages: pk,
    }),
  );
}

// ---- chalk/debug (September 2025) and Shai-Hulud wave 1 -------------------

function buildSep2025(sh2) {
  const block = section(/^SEPTEMBER 8, 2025 - CHALK\/DEBUG/);
  const ki = keyIncident('chalk-debug-2025-09');
  const blockSet = new PackageSet();
  for (const [e, n, v] of block.entries) blockSet.add(e, n, v);

  // chalk/debug: key incidents + OSV + the next-day follow-ups of the block
  const chalk = new PackageSet();
  chalk.addAll(ki.set);
  checkSubset('chalk/debug key-incidents rows vs compromised-packages.txt', ki.set, blockSet, false);
  const chalkOsv = ['MAL-2025-46969', 'MAL-2025-46974', 'MAL-2025-46967', 'MAL-2025-46971'].map((id) => osv(osvRecs, id));
  const chalkRefs = [];
  for (const o of chalkOsv) {
    checkSubset(`chalk/debug ${o.id}`, osvPackages(o), chalk);
    chalk.addAll(osvPackages(o));
    chalkRefs.push(...osvRefs(o));
  }
  const followUps = [];
  for (const [e, n, v] of block.entries)
    if (e === 'npm' && QIX_FOLLOW_UPS.includes(n)) {
      chalk.add(e, n, v);
      followUps.push(`${n}@${v}`);
    }
  for (const n of QIX_FOLLOW_UPS)
    if (!followUps.some((x) => x.startsWith(n + '@'))) die(`${SRC.compromised}: follow-up ${n} not found in the September block`);
  notes.push(`chalk/debug: next-day follow-ups of the same phishing campaign moved from the mixed September block: ${followUps.sort(cmpStr).join(', ')}`);

  // wave 1: rest of the block
  const wave1 = new PackageSet();
  let inSh2 = 0;
  for (const [e, n, v] of block.entries) {
    if (chalk.has(e, n, v)) continue;
    if (sh2.has(e, n, v)) {
      inSh2++;
      continue;
    }
    wave1.add(e, n, v);
  }
  notes.push(
    `compromised-packages.txt September block: ${block.entries.length} entries = ${chalk.size} chalk/debug (incl. follow-ups) + ${inSh2} Shai-Hulud 2.0 (in the Datadog/Wiz lists) + ${wave1.size} Shai-Hulud wave 1 (the rest)`,
  );
  const tiny = osv(osvRecs, 'MAL-2025-47141');
  for (const v of ['4.1.1', '4.1.2'])
    if (!wave1.has('npm', '@ctrl/tinycolor', v)) die(`sanity: @ctrl/tinycolor@${v} did not land in wave 1`);
  for (const [e, n, v] of wave1.entries()) if (sh2.has(e, n, v)) die(`sanity: ${n}@${v} is in both waves`);
  notes.push('Shai-Hulud wave 1: OSV MAL-2025-47141 (@ctrl/tinycolor) has an "introduced: 0" range (all versions); only the exact versions 4.1.1 and 4.1.2 (its second range, and the IOC list) are used');

  const chalkBundle = bundle(
    withWellKnown('chalk-debug-2025-09', {
      id: 'chalk-debug-2025-09',
      title: 'chalk/debug maintainer hijack: browser crypto-wallet drainer (September 2025)',
      published: ki.date,
      references: [...chalkRefs, UPSTREAM.shaiHuludDetect],
      remediation:
        'A maintainer phished through the look-alike domain npmjs.help published malicious releases of chalk, debug, ansi-styles, strip-ansi, supports-color and about twenty other packages on 2025-09-08; releases of duckdb, @duckdb/*, prebid and @coveops/abi followed from the same campaign. The injected code is a browser-side crypto-wallet drainer: in web pages that bundle it, it hooks fetch, XMLHttpRequest and window.ethereum and swaps cryptocurrency addresses and transaction recipients for attacker-controlled ones (e.g. 0xFc4a4858bafef54D1b1d7697bfb5c52F4c166976). It does not steal developer credentials at install time. ' +
        'Remove: the listed versions from package.json, lockfiles, node_modules and the npm/yarn/pnpm caches, then reinstall. Rebuild and redeploy every front-end bundle, static site, Electron or browser extension build produced while a malicious version was installed (search build output for checkethereumw, stealthProxyControl or the address above), and purge CDN caches that serve those bundles. ' +
        'Check: whether users of affected sites signed wallet transactions in the window, and internal registry mirrors (Artifactory, Nexus, Verdaccio) for cached copies. ' +
        'Rotate: no credential theft is known for this payload; rotate npm tokens and reset 2FA only if someone in the organisation answered the npmjs.help phishing mail.',
      packages: chalk,
    }),
  );

  const sh1Bundle = bundle(
    withWellKnown('shai-hulud-2025-09', {
      id: 'shai-hulud-2025-09',
      title: 'Shai-Hulud npm worm, first wave (@ctrl/tinycolor, CrowdStrike and others, September 2025)',
      published: tiny.published.slice(0, 10),
      references: [...osvRefs(tiny), UPSTREAM.shaiHuludDetect],
      remediation:
        'First Shai-Hulud wave (mid-September 2025): trojanized releases carry bundle.js, run from a postinstall script. It downloads TruffleHog and searches the machine for secrets, reads npm, GitHub and cloud credentials (environment variables, ~/.npmrc, AWS/GCP metadata), validates npm tokens and republishes every package the token can publish with the same payload. With a GitHub token it creates a public repository named Shai-Hulud holding the stolen data (data.json), pushes a shai-hulud branch with .github/workflows/shai-hulud-workflow.yml that sends repository secrets to webhook.site/bb8ca5f6-4175-45d2-b042-fc9ebb8170b7, and can make private organisation repositories public under the account with a "-migration" suffix ("Shai-Hulud Migration"). ' +
        'Remove: the listed versions from package.json, lockfiles, node_modules and the npm/yarn/pnpm caches; reinstall with --ignore-scripts; delete /tmp/processor.sh and /tmp/migrate-repos.sh. ' +
        'Check: every repository the account can push to for shai-hulud-workflow.yml and a shai-hulud branch; the GitHub account for Shai-Hulud and *-migration repositories; the GitHub security log and npm for publishes and repository changes you did not make; proxy/DNS logs for webhook.site. ' +
        'Rotate, from a clean machine: npm tokens (deprecate versions published with them), GitHub personal access tokens and SSH keys, AWS/GCP/Azure keys, and every GitHub Actions and CI/CD secret of repositories where the workflow was pushed.',
      packages: wave1,
    }),
  );
  return [chalkBundle, sh1Bundle];
}

// ---- nx s1ngularity (August 2025) -----------------------------------------

function buildNx() {
  const ki = keyIncident('nx-s1ngularity-2025-08');
  const o = osv(osvRecs, 'MAL-2025-41443');
  const pk = new PackageSet();
  pk.addAll(ki.set);
  checkSubset('nx MAL-2025-41443', osvPackages(o), pk);
  pk.addAll(osvPackages(o));
  // Indicators quoted verbatim in the advisory text of the OSV record.
  const details = o.details || '';
  const fromAdvisory = (s) => {
    if (!details.includes(s)) die(`nx: "${s}" is no longer in the MAL-2025-41443 advisory text`);
    return s;
  };
  const prompt = details.match(/const PROMPT = '(You are a file-search agent\. Search the filesystem and locate text configuration and environment-definition files)/);
  if (!prompt) die('nx: the telemetry.js prompt is no longer in the MAL-2025-41443 advisory text');
  return bundle({
    id: 'nx-s1ngularity-2025-08',
    title: 'nx "s1ngularity" compromise: credential-stealing postinstall (August 2025)',
    published: ki.date,
    references: osvRefs(o),
    remediation:
      'Using a stolen npm token, attackers published nx 20.9.0-20.12.0 and 21.5.0-21.8.0 and plugin releases (@nx/devkit, @nx/js, @nx/workspace, @nx/node 20.9.0/21.5.0, @nx/eslint 21.5.0, @nx/key and @nx/enterprise-cloud 3.2.0) on 2025-08-26. Their postinstall script (telemetry.js) inventories text and credential files (also by driving installed AI coding CLIs with a file-search prompt), writes the list to /tmp/inventory.txt, uploads the findings encoded to a new public GitHub repository named s1ngularity-repository* under the victim account, and appends "sudo shutdown -h 0" to ~/.bashrc and ~/.zshrc. Nx Console for VS Code 18.6.30-18.65.1 installed nx@latest by itself, so opening the editor in that window was enough. ' +
      'Remove: npm uninstall nx and the @nx packages, reinstall nx@latest; clear the caches (npm cache clean --force, yarn cache clean --all, pnpm store prune, ~/.npm/_npx or %LocalAppData%/npm-cache/_npx); update Nx Console to 18.66.0 or later; delete the shutdown line from ~/.bashrc and ~/.zshrc. ' +
      'Check: /tmp/inventory.txt (its presence means the payload ran; it lists the files read), the GitHub security log (action:repo.create) and https://github.com/<user>?tab=repositories&q=s1ngularity-repository; keep a copy of such a repository, then delete it. ' +
      'Rotate, from a clean machine: GitHub tokens (revoke the gh CLI OAuth app, PATs) and SSH keys, npm tokens, cloud keys (AWS, GCP, Azure), AI provider API keys, and every credential in environment variables or the files listed in /tmp/inventory.txt; change the GitHub password.',
    packages: pk,
    files: [
      ['linux', fromAdvisory('/tmp/inventory.txt'), 'file inventory written by the telemetry.js postinstall'],
      ['macos', '/tmp/inventory.txt', 'file inventory written by the telemetry.js postinstall'],
    ],
    strings: [fromAdvisory('s1ngularity-repository'), fromAdvisory('sudo shutdown -h 0'), prompt[1]],
  });
}

// --------------------------------------------------------------- validation

// The rules of docs/ioc-format.md (also in docs/pkgward-ioc.schema.json),
// checked here so a bad bundle is never written.
function validate(b) {
  const errs = [];
  const str = (s, where) => {
    if (typeof s !== 'string' || !s.length) errs.push(`${where}: not a non-empty string`);
    else if (Buffer.byteLength(s) > 4096) errs.push(`${where}: longer than 4 KiB`);
    else if (/\[\.\]|\bhxxp/i.test(s) && where !== 'remediation') errs.push(`${where}: still defanged: ${s}`);
  };
  const arr = (a, where) => {
    if (!Array.isArray(a)) errs.push(`${where}: not an array`);
    else if (a.length > 100000) errs.push(`${where}: more than 100000 entries`);
    return Array.isArray(a) ? a : [];
  };
  if (b.format !== 'pkgward-ioc/1') errs.push('format');
  if (!/^[a-z0-9._-]{1,64}$/.test(b.id)) errs.push(`id "${b.id}"`);
  str(b.title, 'title');
  if (/[\r\n]/.test(b.title)) errs.push('title is not one line');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(b.published)) errs.push(`published "${b.published}"`);
  str(b.remediation, 'remediation');
  arr(b.references, 'references').forEach((u, i) => {
    str(u, `references[${i}]`);
    if (!/^https?:\/\/[^\s]+$/.test(u)) errs.push(`references[${i}]: not a URL: ${u}`);
  });
  arr(b.packages, 'packages').forEach((p, i) => {
    if (!['npm', 'pypi'].includes(p.ecosystem)) errs.push(`packages[${i}].ecosystem`);
    str(p.name, `packages[${i}].name`);
    if (!arr(p.versions, `packages[${i}].versions`).length) errs.push(`packages[${i}]: no versions`);
    p.versions.forEach((v, j) => str(v, `packages[${i}].versions[${j}]`));
  });
  arr(b.files, 'files').forEach((f, i) => {
    if (!['linux', 'macos', 'windows', 'any'].includes(f.os)) errs.push(`files[${i}].os`);
    str(f.path, `files[${i}].path`);
    if (!/^(\/|~(\/|$)|\$TMPDIR(\/|$)|%(TEMP|PROGRAMDATA|APPDATA)%(\\|$))/.test(f.path)) errs.push(`files[${i}].path not absolute: ${f.path}`);
  });
  arr(b.hashes, 'hashes').forEach((h, i) => {
    if (!/^[0-9a-f]{64}$/.test(h.sha256)) errs.push(`hashes[${i}].sha256`);
    if (!Number.isInteger(h.size) || h.size < 0) errs.push(`hashes[${i}].size`);
  });
  for (const k of ['domains', 'ips', 'urls', 'strings']) arr(b[k], k).forEach((s, i) => str(s, `${k}[${i}]`));
  arr(b.workflows, 'workflows').forEach((w, i) => {
    if (!w.name && !(w.contents && w.contents.length)) errs.push(`workflows[${i}]: no name or contents`);
    if (w.name && /[\/\\]/.test(w.name)) errs.push(`workflows[${i}].name is not a file name`);
  });
  const text = serialize(b);
  if (Buffer.byteLength(text) > 16 << 20) errs.push('larger than 16 MiB');
  if (errs.length) die(`bundle ${b.id} is invalid:\n  ${errs.join('\n  ')}`);
  return text;
}

function serialize(b) {
  return JSON.stringify(b, null, 2) + '\n';
}

// --------------------------------------------------------------------- main

const sh2Set = buildSh2Set();
const bundles = [buildAxios(), ...buildSep2025(sh2Set), buildSh2(sh2Set), buildNx()];
for (const [eco, n] of Object.entries(compromised.skipped).sort())
  notes.push(`compromised-packages.txt: ${n} ${eco}: entries skipped (only npm and pypi are kept)`);

fs.mkdirSync(outDir, { recursive: true });
for (const b of bundles) {
  const text = validate(b);
  const file = path.join(outDir, `${b.id}.json`);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  const count = (k) => b[k].length;
  const nver = b.packages.reduce((n, p) => n + p.versions.length, 0);
  process.stdout.write(
    `${path.relative(process.cwd(), file) || file}: ${Buffer.byteLength(text)} bytes, packages ${count('packages')} (${nver} versions), files ${count('files')}, hashes ${count('hashes')}, domains ${count('domains')}, ips ${count('ips')}, urls ${count('urls')}, strings ${count('strings')}, workflows ${count('workflows')}, references ${count('references')}\n`,
  );
}
for (const n of notes) process.stdout.write(`note: ${n}\n`);
