console.log('thanks');
