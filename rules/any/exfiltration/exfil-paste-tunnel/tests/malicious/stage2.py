import urllib.request

def stage():
    url = "https://pastebin.com/raw/" + "AbCdEf12"
    return urllib.request.urlopen(url, timeout=3).read()
