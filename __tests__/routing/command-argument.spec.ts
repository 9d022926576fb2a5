import { commandArgument, parseCommand } from '../../src/flows/routing.js';

describe('routing/command-argument', () => {
  test.each([
    ['/loopkit ignore', undefined],
    ['/loopkit ignore   ', undefined],
    ['/loopkit ignore generated code, never edited by hand', 'generated code, never edited by hand'],
    ['\n/loopkit ignore intended:\r\n  the worker\n  runs forever\n', 'intended: the worker runs forever'],
    ['/loopkit', undefined],
    ['please /loopkit ignore this', undefined]
  ])('the argument of %j is %j', (body, argument) => {
    expect(commandArgument(body)).toBe(argument);
  });

  test('the argument never changes the command word', () => {
    expect(parseCommand('/loopkit ignore because I said so')).toBe('ignore');
  });
});
