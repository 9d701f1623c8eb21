# uses the keys through the SDK, which signs requests
import os
import boto3
import requests

session = boto3.Session(aws_access_key_id=os.environ.get('AWS_ACCESS_KEY_ID'))
status = requests.get("https://status.example.com/api/" + "v2/status.json")
