"""The parts of `budgetlint schemes draft`; budgetlint.draft puts them together.

The text itself is read by budgetlint._scheme_text (shared with `schemes validate --source`).
Then, in the order a text goes through them:

- front_matter: the document's own data (title, number, issuers, date, parents, addressees);
- levels: level phrases (市级, 县（市、区）…), the text's level names and its scope words;
- clauses: 将……确认为……财政事权 sentences read into clauses; what cannot be read, as TODOs;
- document: everything read from one text, in one record;
- place: each task of a clause placed on the national catalogue by its wording;
- categories: the headings with clauses under them, named after their aspects;
- writer: the scheme file's TOML text, with what a reviewer should look at.
"""
