import { describe, expect, it } from 'vitest';
import { describeUserAgent } from './user-agent';

describe('describeUserAgent', () => {
  it('names Chrome on Windows, not Safari (Chrome also says Safari)', () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
    expect(describeUserAgent(ua)).toEqual({ browser: 'Chrome 140', os: 'Windows', mobile: false });
  });

  it('names Edge before Chrome, whose token it also carries', () => {
    const ua =
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/139.0.0.0 Safari/537.36 Edg/139.0.0.0';
    expect(describeUserAgent(ua).browser).toBe('Edge 139');
  });

  it('names Safari on an iPhone as a mobile device on iOS', () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1';
    expect(describeUserAgent(ua)).toEqual({ browser: 'Safari 18', os: 'iOS', mobile: true });
  });

  it('names the WeChat in-app browser on Android', () => {
    const ua =
      'Mozilla/5.0 (Linux; Android 14; V2309A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MicroMessenger/8.0.47.2560';
    expect(describeUserAgent(ua)).toEqual({ browser: 'WeChat 8', os: 'Android', mobile: true });
  });

  it('names Firefox on macOS and headless Chrome on Linux', () => {
    expect(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:128.0) Gecko/20100101 Firefox/128.0')).toEqual({
      browser: 'Firefox 128',
      os: 'macOS',
      mobile: false,
    });
    expect(
      describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/141.0.0.0 Safari/537.36'),
    ).toEqual({
      browser: 'Headless Chrome 141',
      os: 'Linux',
      mobile: false,
    });
  });

  it('leaves what it does not recognise unnamed instead of guessing', () => {
    expect(describeUserAgent('curl/8.5.0')).toEqual({ browser: null, os: null, mobile: false });
    expect(describeUserAgent('')).toEqual({ browser: null, os: null, mobile: false });
    expect(describeUserAgent(null)).toEqual({ browser: null, os: null, mobile: false });
  });
});
