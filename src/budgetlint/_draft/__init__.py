"""The parts of `budgetlint schemes draft`; budgetlint.draft puts them together.

In the order a text goes through them:

- text: the published text cleaned into paragraphs, then sentences under their headings;
- front_matter: the document's own data (title, number, issuers, date, parents, addressees);
- levels: level phrases (市级, 县（市、区）…), the text's level names and its scope words;
- clauses: 将……确认为……财政事权 sentences read into duties; what cannot be read, as TODOs;
- tasks: a clause's task list cut into tasks, and a first keyword guess for each;
- document: everything read from one text, in one record;
- entries: categories, and the [[duties]] tables with their ids, pairs and scopes;
- writer: the scheme file's TOML text.
"""
