// Module X509OpenSSL: see DESIGN and DECISIONS.md.
