// Capitalised typeof in an error message; a table indexed by a plain typeof.
function describe(x) {
  var t = (typeof x).charAt(0).toUpperCase() + (typeof x).slice(1);
  return 'Expected a String, got ' + t;
}
var handlers = { string: String, number: Number };
function coerce(v) { return handlers[typeof v](v); }
module.exports = { describe, coerce };
