import { AliyunSms, aliyunEncode, aliyunSignature, aliyunStringToSign } from './aliyun-sms';

// The worked example of Aliyun's SMS documentation ("HTTP 协议及签名"): these parameters, signed with
// AccessKeySecret `testSecret`, give zJDF+Lrzhj/ThnlvIToysFRq6t4=.
const DOCUMENTED = {
  AccessKeyId: 'testId',
  Action: 'SendSms',
  Format: 'XML',
  OutId: '123',
  PhoneNumbers: '15300000001',
  RegionId: 'cn-hangzhou',
  SignName: '阿里云短信测试专用',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '45e25e9b-0a6f-4070-8c85-2956eda1b466',
  SignatureVersion: '1.0',
  TemplateCode: 'SMS_71390007',
  TemplateParam: '{"customer":"test"}',
  Timestamp: '2017-07-12T02:42:19Z',
  Version: '2017-05-25',
};

describe('the Aliyun SMS signature', () => {
  it('reproduces the documented example', () => {
    expect(aliyunStringToSign('GET', DOCUMENTED)).toBe(
      'GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25',
    );
    expect(aliyunSignature('GET', DOCUMENTED, 'testSecret')).toBe('zJDF+Lrzhj/ThnlvIToysFRq6t4=');
  });

  it('encodes as RFC 3986 wants: space %20, * %2A, ~ kept', () => {
    expect(aliyunEncode("a b*c~d!'()")).toBe('a%20b%2Ac~d%21%27%28%29');
  });

  it('signs SendSms for a notification with the template code configured for its key', () => {
    const sms = new AliyunSms(
      { accessKeyId: 'testId', accessKeySecret: 'testSecret', signName: '快鸽服务云', templates: { 'work-order.engineer-assigned': 'SMS_154950909' } },
      () => new Date('2026-12-01T08:00:00.123Z'),
      () => 'nonce-1',
    );
    const parameters = sms.parameters({ to: '13800138000', text: 'x', templateKey: 'work-order.engineer-assigned', values: { number: 'WO-1' }, outId: 'n1-sms' });
    const { Signature, ...signed } = parameters;
    expect(signed).toMatchObject({ Action: 'SendSms', PhoneNumbers: '13800138000', SignName: '快鸽服务云', TemplateCode: 'SMS_154950909', TemplateParam: '{"number":"WO-1"}', OutId: 'n1-sms', Timestamp: '2026-12-01T08:00:00Z' });
    expect(Signature).toBe(aliyunSignature('GET', signed, 'testSecret'));
    expect(() => sms.parameters({ to: '13800138000', text: 'x', templateKey: 'work-order.closed', values: {}, outId: 'n2' })).toThrow(/no template code configured for work-order.closed/);
  });
});
