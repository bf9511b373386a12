import { encode } from 'uqr';
import { deviceLabelSvg, qrPath } from './device-label';

describe('the device label', () => {
  const url = 'https://kuaige.example.cn/r/AbCdEfGhIjKlMnOpQrStUv';

  it('draws each dark module of the QR code of the URL once', () => {
    const { size, d } = qrPath(url);
    const { data } = encode(url, { ecc: 'M', border: 0 });
    expect(size).toBe(data.length);
    expect(d.split('M').length - 1).toBe(data.flat().filter(Boolean).length);
  });

  it('names the device in Chinese, a long name on two lines, and escapes what it prints', () => {
    const svg = deviceLabelSvg({ name: '立式加工中心 VMC850 五轴联动高速精密型号', number: 'SN-<1>', model: 'A&B', url });
    expect(svg).toContain('设备报修码');
    expect(svg).toContain('>立式加工中心 VMC850 五<');
    expect(svg).toContain('>轴联动高速精密型号<');
    expect(svg).toContain('编号：SN-&lt;1&gt;');
    expect(svg).toContain('型号：A&amp;B');
    expect(svg).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="60mm" height="40mm"/);
  });
});
