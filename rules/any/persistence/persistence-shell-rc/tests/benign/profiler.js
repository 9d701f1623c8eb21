// like webpack's ProfilingPlugin: ".profile" as a property suffix, output written to disk,
// and a help message that mentions curl
const fs = require('fs');
function save(stats, name) {
  const key = name + '.profile';
  fs.writeFileSync(name + '.cpuprofile', JSON.stringify(stats[key] || {}));
  console.log('Upload it with: curl -F file=@' + name + '.cpuprofile https://profiles.example.invalid');
}
module.exports = { save, suffix: '.profile' };
