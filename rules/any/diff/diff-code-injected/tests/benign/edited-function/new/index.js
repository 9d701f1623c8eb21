'use strict';
const redirects = require('follow-redirects');

module.exports = function get(href) {
  return redirects.http.get(href);
};
'use strict';
const redirects = require('follow-redirects');

module.exports = function get(href) {
  return redirects.http.get(href);
};
'use strict';
const redirects = require('follow-redirects');

module.exports = function get(href) {
  return redirects.http.get(href);
};
