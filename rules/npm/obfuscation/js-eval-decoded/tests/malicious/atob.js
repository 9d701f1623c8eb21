// defanged payload: console.log("defanged")
(function(){var g=globalThis;g['ev'+'al'](atob('Y29uc29sZS5sb2coImRlZmFuZ2VkIik='))})();
