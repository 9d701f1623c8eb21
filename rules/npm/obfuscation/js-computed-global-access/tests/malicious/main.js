const m = process['main' + 'Module'];
module.exports = m && m.require;
