import { sanitizeModelMarkdown } from '../../src/render/escape.js';
import {
  findingMarker,
  ignoredReply,
  readFindingMarker,
  readIgnoredReply,
  readReviewRecord,
  lessonsMarker,
  readLessonsMarker,
  readSummaryMarker,
  reviewRecordMarker,
  summaryMarker,
  type ReviewRecord
} from '../../src/render/markers.js';

describe('render/markers', () => {
  describe('summary marker', () => {
    it('is read back from the start of a body', () => {
      expect(summaryMarker('pr-review')).toBe('<!-- loopkit:summary:pr-review -->');
      expect(readSummaryMarker(`${summaryMarker('pr-review')}\n\n### LoopKit`)).toBe('pr-review');
    });

    it('is not read anywhere else', () => {
      expect(readSummaryMarker(`Quoting:\n\n${summaryMarker('pr-review')}`)).toBeUndefined();
    });

    it('refuses what is not a loop name', () => {
      expect(() => summaryMarker('x --> <b>')).toThrow('is not a loop name');
    });
  });

  describe('lessons marker', () => {
    it('is read back from the start of a pull request body, and nowhere else', () => {
      expect(lessonsMarker('learn')).toBe('<!-- loopkit:lessons:learn -->');
      expect(readLessonsMarker(`${lessonsMarker('learn')}\nThis pull request adds…`)).toEqual({ loop: 'learn' });
      expect(readLessonsMarker(`Quoting:\n\n${lessonsMarker('learn')}`)).toBeUndefined();
      expect(() => lessonsMarker('x --> <b>')).toThrow('is not a loop name');
    });

    it('records the time feedback was read up to, read back only as LoopKit writes it', () => {
      const at = Date.UTC(2026, 11, 6, 22, 6, 32, 5);
      expect(lessonsMarker('learn', at)).toBe('<!-- loopkit:lessons:learn read-to 2026-12-06T22:06:32.005Z -->');
      expect(readLessonsMarker(`${lessonsMarker('learn', at)}\nThis pull request adds…`)).toEqual({ loop: 'learn', readTo: at });
      // A time in another form, or no time at all, records nothing; the marker still names the loop.
      expect(readLessonsMarker('<!-- loopkit:lessons:learn read-to 2026-12-06 -->')).toEqual({ loop: 'learn' });
      expect(readLessonsMarker('<!-- loopkit:lessons:learn read-to 2026-13-45T99:99:99.000Z -->')).toEqual({ loop: 'learn' });
    });
  });

  describe('finding marker', () => {
    it('is read back from the end of a body', () => {
      expect(findingMarker('3fa9c0d2e1b4a567')).toBe('<!-- loopkit:finding:3fa9c0d2e1b4a567 -->');
      expect(readFindingMarker(`**High** — claim\n\n${findingMarker('3fa9c0d2e1b4a567')}\n`)).toBe('3fa9c0d2e1b4a567');
    });

    it('is not read before the end', () => {
      expect(readFindingMarker(`${findingMarker('aaaa')}\n\nmore text`)).toBeUndefined();
    });

    it('refuses what is not a fingerprint', () => {
      expect(() => findingMarker('a -->')).toThrow('is not a finding fingerprint');
    });
  });

  describe('review record', () => {
    const record: ReviewRecord = {
      v: 1,
      key: 'loopkit-state-v1-octo_shop-pr-review-pr42-cccccccccccc-1000-1',
      head: 'c'.repeat(40),
      complete: true,
      files: ['AbCdEfGh_-12'],
      open: [{ fingerprint: 'fp-1', severity: 'critical', path: 'src/a --> b.ts' }]
    };

    it('round-trips the record', () => {
      expect(readReviewRecord(`summary\n\n${reviewRecordMarker(record)}`)).toEqual(record);
    });

    it('encodes the record so nothing in it can end the comment', () => {
      const marker = reviewRecordMarker(record);
      expect(marker.indexOf('-->')).toBe(marker.length - 3);
    });

    it('reads nothing from a damaged payload or one of the wrong shape', () => {
      const encode = (value: unknown) => `<!-- loopkit:state ${Buffer.from(JSON.stringify(value)).toString('base64url')} -->`;
      expect(readReviewRecord('<!-- loopkit:state not*base64 -->')).toBeUndefined();
      expect(readReviewRecord(`<!-- loopkit:state ${Buffer.from('{"v":').toString('base64url')} -->`)).toBeUndefined();
      expect(readReviewRecord(encode(42))).toBeUndefined();
      // The old pointer, a record claiming more than it may, and unknown fields: all nothing.
      expect(readReviewRecord(encode({ key: 'k' }))).toBeUndefined();
      expect(readReviewRecord(encode({ ...record, head: 'not-a-sha' }))).toBeUndefined();
      expect(readReviewRecord(encode({ ...record, files: ['short'] }))).toBeUndefined();
      expect(readReviewRecord(encode({ ...record, ignoredEverything: true }))).toBeUndefined();
    });

    it('refuses to write what it could not read back', () => {
      expect(() => reviewRecordMarker({ ...record, open: [{ fingerprint: 'a b', severity: 'high', path: 'x' }] })).toThrow();
    });

    it('is not read before the end', () => {
      expect(readReviewRecord(`${reviewRecordMarker(record)}\n\ntext`)).toBeUndefined();
    });

    it('cannot be forged by model text, even at the end of a body', () => {
      const forged = reviewRecordMarker({ ...record, key: 'evil' });
      expect(readReviewRecord(`summary\n\n${forged}`)?.key).toBe('evil');
      expect(readReviewRecord(`summary\n\n${sanitizeModelMarkdown(forged)}`)).toBeUndefined();
      expect(readFindingMarker(sanitizeModelMarkdown('<!-- loopkit:finding:abc -->'))).toBeUndefined();
      expect(readSummaryMarker(sanitizeModelMarkdown('<!-- loopkit:summary:pr-review -->'))).toBeUndefined();
    });
  });

  describe('ignore reply', () => {
    it('is read only as LoopKit’s whole reply', () => {
      expect(readIgnoredReply(ignoredReply('fp-1'))).toBe('fp-1');
      expect(readIgnoredReply(`${ignoredReply('fp-1')}\n`)).toBe('fp-1');
      expect(readIgnoredReply('<!-- loopkit:ignored:fp-1 -->')).toBeUndefined();
      expect(readIgnoredReply(`Bug here\n\n\`\`\`suggestion\n${ignoredReply('fp-1')}\n\`\`\``)).toBeUndefined();
      expect(readIgnoredReply(`x ${ignoredReply('fp-1')}`)).toBeUndefined();
    });
  });
});
