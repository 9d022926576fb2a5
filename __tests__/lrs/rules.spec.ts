import { worseGrade } from '../../src/lrs/grade.js';
import { GRADE_THRESHOLDS, gradeOf, RULES, renderRuleTable } from '../../src/lrs/index.js';
import { DIMENSION_IDS, type DimensionRule } from '../../src/lrs/rules.js';

describe('lrs/rules', () => {
  describe('rule table', () => {
    it('has seven dimensions whose weights add up to 100', () => {
      expect(DIMENSION_IDS).toHaveLength(7);
      expect(DIMENSION_IDS.reduce((sum, id) => sum + RULES[id].weight, 0)).toBe(100);
    });

    it.each(DIMENSION_IDS)('gives %s criteria whose points add up to its weight', (id) => {
      const rule: DimensionRule = RULES[id];
      expect(Object.values(rule.criteria).reduce((sum, c) => sum + c.points, 0)).toBe(rule.weight);
    });

    it('renders a markdown table row per dimension with its weight, criteria and blockers', () => {
      const lines = renderRuleTable().split('\n');
      expect(lines[0]).toBe('| Dimension | Weight | What earns the points | Blockers (grade F) |');
      for (const id of DIMENSION_IDS) {
        const rule: DimensionRule = RULES[id];
        const row = lines.find((l) => l.startsWith(`| ${rule.name} | ${rule.weight} |`));
        expect(row).toBeDefined();
        for (const c of Object.values(rule.criteria)) expect(row).toContain(`**${c.points}** ${c.earns}`);
        for (const b of rule.blockers) expect(row).toContain(b);
      }
      expect(lines).toContainEqual(expect.stringMatching(/^\| Whole file \|.*literal secret/));
      expect(lines.at(-1)).toBe('| **Total** | **100** | | |');
      expect(lines).toHaveLength(2 + 7 + 2);
      for (const line of lines) expect(line.split(/(?<!\\)\|/)).toHaveLength(6);
    });
  });

  describe('grades', () => {
    it.each([
      [100, 'A'],
      [90, 'A'],
      [89, 'B'],
      [80, 'B'],
      [79, 'C'],
      [65, 'C'],
      [64, 'D'],
      [50, 'D'],
      [49, 'F'],
      [0, 'F']
    ])('grades %d as %s', (score, grade) => {
      expect(gradeOf(score)).toBe(grade);
    });

    it('lists the thresholds best first', () => {
      expect(GRADE_THRESHOLDS.map((t) => `${t.grade}${t.min}`)).toEqual(['A90', 'B80', 'C65', 'D50']);
    });

    it('picks the worse of two grades', () => {
      expect(worseGrade('B', 'D')).toBe('D');
      expect(worseGrade('F', 'A')).toBe('F');
    });
  });
});
