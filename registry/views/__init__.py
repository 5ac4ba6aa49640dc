"""Pages and endpoints of the register: public pages, accounts, the API, certificates, imports, open data."""
