"""WeChat's side of our callback tests, played by wechatpy (an independent
implementation): one JSON request on stdin, one JSON answer on stdout.

  {"op": "sign", "token", "timestamp", "nonce"}            -> {"signature"}
  {"op": "encrypt", "token", "aes_key", "app_id", "xml",
   "timestamp", "nonce"}                                   -> {"body", "msg_signature"}
  {"op": "decrypt", "token", "aes_key", "app_id", "xml",
   "timestamp", "nonce", "msg_signature"}                  -> {"xml", "fields"}
  {"op": "parse", "xml"}                                   -> {"fields"}
  {"op": "check", "token", "signature", "timestamp", "nonce"} -> {"ok"}
"""
import json
import sys

import xmltodict
from wechatpy.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException
from wechatpy.utils import WeChatSigner, check_signature


def fields(xml):
    return dict(xmltodict.parse(xml)["xml"])


def main():
    req = json.load(sys.stdin)
    op = req["op"]
    if op == "sign":
        signer = WeChatSigner()
        signer.add_data(req["token"], req["timestamp"], req["nonce"])
        out = {"signature": signer.signature}
    elif op == "check":
        try:
            check_signature(req["token"], req["signature"], req["timestamp"], req["nonce"])
            out = {"ok": True}
        except InvalidSignatureException:
            out = {"ok": False}
    elif op == "encrypt":
        crypto = WeChatCrypto(req["token"], req["aes_key"], req["app_id"])
        body = crypto.encrypt_message(req["xml"], req["nonce"], req["timestamp"])
        out = {"body": body, "msg_signature": fields(body)["MsgSignature"]}
    elif op == "decrypt":
        crypto = WeChatCrypto(req["token"], req["aes_key"], req["app_id"])
        xml = crypto.decrypt_message(
            req["xml"], req["msg_signature"], req["timestamp"], req["nonce"]
        )
        if isinstance(xml, bytes):
            xml = xml.decode("utf-8")
        out = {"xml": xml, "fields": fields(xml)}
    elif op == "parse":
        out = {"fields": fields(req["xml"])}
    else:
        raise SystemExit(f"unknown op {op}")
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
