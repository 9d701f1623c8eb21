eval(Buffer.from('aWQ=', 'base64').toString());
