print("ukey-vcard")
