import { describe, expect, it } from 'vitest';
import { checkAddress, parseCidrs } from './address-policy';

describe('checkAddress', () => {
  it.each([
    ['10.0.0.7', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['127.8.9.10', 'loopback'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.1.1', 'carrierGradeNat'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['0.0.0.0', 'unspecified'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'linkLocal'],
    ['fe80::1%eth0', 'linkLocal'],
    ['fd12:3456::1', 'uniqueLocal'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:a00:1::1', '6to4'],
    ['2001::1', 'teredo'],
    ['not-an-ip', 'invalid'],
  ])('refuses %s (%s)', (address, range) => {
    expect(checkAddress(address)).toEqual({ allowed: false, range });
  });

  it.each(['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808'])('allows public unicast %s', (address) => {
    expect(checkAddress(address)).toEqual({ allowed: true });
  });

  it('opens exactly the CIDRs an operator allows', () => {
    const allow = parseCidrs(['10.1.2.0/24', '127.0.0.1']);
    expect(checkAddress('10.1.2.200', allow)).toEqual({ allowed: true });
    expect(checkAddress('10.1.3.1', allow)).toEqual({ allowed: false, range: 'private' });
    expect(checkAddress('127.0.0.1', allow)).toEqual({ allowed: true });
    expect(checkAddress('127.0.0.2', allow)).toEqual({ allowed: false, range: 'loopback' });
    expect(() => parseCidrs(['10.0.0.0/99'])).toThrow();
  });
});
