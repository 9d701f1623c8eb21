// stores plain objects with node-serialize and reads them back as JSON
const serialize = require('node-serialize');
module.exports = {
  save: (obj) => serialize.serialize(obj),
  load: (text) => JSON.parse(text),
};
