// defanged: the blob decodes to console.log("defanged")
const blob = 'Y29uc29sZS5sb2coImRlZmFuZ2VkIik=';
eval(Buffer.from(blob, 'base64').toString('utf8'));
