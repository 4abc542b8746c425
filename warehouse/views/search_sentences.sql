-- search_sentences(q): which current sentences mention these words? (a table macro, not a view)
-- Usage: SELECT * FROM search_sentences('kinh phí') WHERE category = 'limitation';
-- Matches q as whole words, case-insensitively, diacritics significant ("phí" matches
-- "Kinh phí" but not "phía" nor "phi"): on lower(text) with letter/digit boundaries, or on the
-- underthesea tokens with the spaces of q written as '_' ("kinh phí" matches token "kinh_phí").
-- Grain: one row per matching sentence of a current document.
-- Columns: those of current_sentences.
CREATE OR REPLACE MACRO search_sentences(q) AS TABLE
SELECT s.*
FROM current_sentences s
WHERE regexp_matches(
          lower(nfc_normalize(s.text)),
          '(^|[^\p{L}\p{N}])' || regexp_escape(lower(nfc_normalize(trim(q)))) || '($|[^\p{L}\p{N}])')
   OR regexp_matches(
          lower(coalesce(s.tokens, '')),
          '(^|\s)' || regexp_escape(replace(lower(nfc_normalize(trim(q))), ' ', '_')) || '($|\s)');
