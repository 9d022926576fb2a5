import { sanitizeModelMarkdown } from '../../src/render/escape.js';
import { findingMarker, readFindingMarker, readStateMarker, readSummaryMarker, stateMarker, summaryMarker } from '../../src/render/markers.js';

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

describe('state marker', () => {
  const pointer = { key: 'loopkit-state-pr-42', sha: 'abc1234', note: 'ends --> here', emoji: '🔴' };

  it('round-trips the pointer', () => {
    expect(readStateMarker(`summary\n\n${stateMarker(pointer)}`)).toEqual(pointer);
  });

  it('encodes the pointer so nothing in it can end the comment', () => {
    const marker = stateMarker(pointer);
    expect(marker.indexOf('-->')).toBe(marker.length - 3);
  });

  it('reads nothing from a damaged or non-object payload', () => {
    expect(readStateMarker('<!-- loopkit:state not*base64 -->')).toBeUndefined();
    expect(readStateMarker(`<!-- loopkit:state ${Buffer.from('{"a":').toString('base64url')} -->`)).toBeUndefined();
    expect(readStateMarker(`<!-- loopkit:state ${Buffer.from('42').toString('base64url')} -->`)).toBeUndefined();
  });

  it('is not read before the end', () => {
    expect(readStateMarker(`${stateMarker(pointer)}\n\ntext`)).toBeUndefined();
  });

  it('cannot be forged by model text, even at the end of a body', () => {
    const forged = `<!-- loopkit:state ${Buffer.from('{"key":"evil"}').toString('base64url')} -->`;
    expect(readStateMarker(`summary\n\n${forged}`)).toEqual({ key: 'evil' });
    expect(readStateMarker(`summary\n\n${sanitizeModelMarkdown(forged)}`)).toBeUndefined();
    expect(readFindingMarker(sanitizeModelMarkdown('<!-- loopkit:finding:abc -->'))).toBeUndefined();
    expect(readSummaryMarker(sanitizeModelMarkdown('<!-- loopkit:summary:pr-review -->'))).toBeUndefined();
  });
});
