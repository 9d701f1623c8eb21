// saves where the user chose in a dialog
const fs = require('fs');
module.exports = function save(chosenPath, data) {
  fs.writeFileSync(chosenPath, data);
};
