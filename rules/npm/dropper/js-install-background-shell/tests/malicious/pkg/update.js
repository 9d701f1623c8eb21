console.log('update check');
