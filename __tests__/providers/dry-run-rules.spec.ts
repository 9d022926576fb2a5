/**
 * The dry run's SQL rule: a statement built from the string it is written in, in the languages
 * people write it in, and not the safe forms (placeholders, a constant query).
 */
import { describe, expect, test } from '@jest/globals';
import { matches, RULES } from '../../src/providers/dry-run-rules.js';

describe('providers/dry-run-rules', () => {
  const sql = RULES.find((r) => r.id === 'sql-concatenation')!;

  describe('SQL built by concatenation', () => {
    test.each([
      ['JavaScript, quotes of the other kind inside', `const q = "SELECT * FROM users WHERE name = '" + name + "'";`],
      ['JavaScript, single quotes', `db.query('SELECT * FROM users WHERE id = ' + req.params.id);`],
      ['a template literal', 'const q = `DELETE FROM sessions WHERE user = ${user}`;'],
      ['an escaped quote inside', `q = "UPDATE users SET name = \\"x\\" WHERE id = " + id`],
      ['Python %', `cur.execute("SELECT * FROM users WHERE name = '%s'" % name)`],
      ['Python .format', `cur.execute("SELECT * FROM users WHERE id = {}".format(user_id))`],
      ['a Python f-string', `cur.execute(f"SELECT * FROM users WHERE name = '{name}'")`],
      ['Python +', `cur.execute("INSERT INTO logs VALUES ('" + msg + "')")`],
      ['Go +', `rows, err := db.Query("SELECT name FROM users WHERE id = " + id)`],
      ['Go Sprintf', `q := fmt.Sprintf("SELECT * FROM users WHERE name = '%s'", name)`],
      ['PHP .', `$q = "SELECT * FROM users WHERE id = " . $id;`]
    ])('flags %s', (_, line) => {
      expect(matches(sql, line)).toBe(true);
    });

    test.each([
      ['a placeholder (JavaScript)', `db.query('SELECT * FROM users WHERE id = $1', [id]);`],
      ['a placeholder (Python)', `cur.execute("SELECT * FROM users WHERE name = %s", (name,))`],
      ['a placeholder (Go)', `db.Query("SELECT name FROM users WHERE id = ?", id)`],
      ['a constant query', `const q = "SELECT count(*) FROM users";`],
      ['two strings, the SQL one constant', `log("SELECT done"); const x = "a" + b;`],
      ['prose, not SQL', `const msg = "Please select a file from the list: " + name;`]
    ])('leaves %s alone', (_, line) => {
      expect(matches(sql, line)).toBe(false);
    });

    test('a minified line is not matched at all (the patterns are for code a person wrote)', () => {
      const line = `var a="SELECT * FROM t WHERE x="+y;${'x'.repeat(3000)}`;
      expect(matches(sql, line)).toBe(false);
    });
  });
});
