import { DEFAULT_SLA_POLICY, ROUND_THE_CLOCK_CALENDAR } from '@kuaige/domain';
import { ConfigError } from '../config/config';
import { loadSlaSettings } from './sla.config';

describe('SLA settings', () => {
  it('measure on the office calendar with the default targets', () => {
    expect(loadSlaSettings({})).toEqual({ policy: DEFAULT_SLA_POLICY, testTargets: false });
  });

  it('SLA_TEST_TARGETS_SECONDS switches to round-the-clock time and targets of seconds for every priority', () => {
    const { policy, testTargets } = loadSlaSettings({ SLA_TEST_TARGETS_SECONDS: '6/600', NODE_ENV: 'test' });
    expect(testTargets).toBe(true);
    expect(policy.calendar).toBe(ROUND_THE_CLOCK_CALENDAR);
    expect(policy.targets.urgent).toEqual({ response: 0.1, resolution: 10 });
    expect(policy.targets.low).toEqual({ response: 0.1, resolution: 10 });
    expect(policy.escalation).toBe(DEFAULT_SLA_POLICY.escalation);
  });

  it('refuses the test setting in production', () => {
    expect(() => loadSlaSettings({ SLA_TEST_TARGETS_SECONDS: '6/600', NODE_ENV: 'production' })).toThrow(
      new ConfigError('SLA_TEST_TARGETS_SECONDS', 'is a test setting and is refused when NODE_ENV=production'),
    );
  });

  it.each(['6', '6/', '0/10', '10/5', '-1/5', 'six/600', '6/600/1'])('refuses %p, naming the variable and the form', (value) => {
    expect(() => loadSlaSettings({ SLA_TEST_TARGETS_SECONDS: value })).toThrow(/^SLA_TEST_TARGETS_SECONDS must be <response seconds>\/<resolution seconds>/);
  });
});
