using System.Net;
using FluentAssertions;
using Ml2.Exceptions;
using Ml2.Ipam;
using Xunit;

namespace Ml2.Core.Tests.Ipam;

public sealed class IpAddressMathTests
{
    [Theory]
    [InlineData("10.0.0.1", "10.0.0.1")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("2001:DB8::1", "2001:db8::1")]
    [InlineData("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1")]
    [InlineData("::", "::")]
    [InlineData("fe80::1", "fe80::1")]
    [InlineData("::a00:1", "::a00:1")]
    [InlineData("::ffff:10.0.0.1", "::ffff:10.0.0.1")]
    [InlineData("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1")]
    [InlineData("2001:0:0:1:0:0:0:1", "2001:0:0:1::1")]
    [InlineData("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1")]
    [InlineData("1:0:0:0:0:0:0:0", "1::")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("2001:DB8:AAAA:BBBB:CCCC:DDDD:EEEE:FFFF", "2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff")]
    public void ParseAddress_when_valid_returns_canonical_form(string text, string expected)
    {
        IpAddressText.Format(IpAddressText.ParseAddress(text, "ip_address")).Should().Be(expected);
    }

    [Theory]
    [InlineData("10.0.0")]
    [InlineData("10.0.0.256")]
    [InlineData("10.0.0.1.2")]
    [InlineData("1")]
    [InlineData("abc")]
    [InlineData("")]
    [InlineData(" 10.0.0.1")]
    [InlineData("10.0.0.1 ")]
    [InlineData("2001:db8::1::2")]
    [InlineData("fe80::1%eth0")]
    [InlineData("[::1]")]
    [InlineData("10.0.0.-1")]
    [InlineData("0x0a.0.0.1")]
    public void ParseAddress_when_malformed_throws_neutron_wording(string text)
    {
        var act = () => IpAddressText.ParseAddress(text, "ip_address");

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("ip_address");
        ex.Value.Should().Be(text);
        ex.Detail.Should().Be($"'{text}' is not a valid IP address");
    }

    [Fact]
    public void ParseAddress_when_null_throws_invalid_input()
    {
        var act = () => IpAddressText.ParseAddress(null, "ip_address");

        act.Should().Throw<InvalidInputException>().Which.Detail.Should().Be("'None' is not a valid IP address");
    }

    [Fact]
    public void ParseAddress_when_ipv_4_has_leading_zeros_recommends_canonical_form()
    {
        var act = () => IpAddressText.ParseAddress("010.000.0.01", "ip_address");

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Detail.Should().Be("'010.000.0.01' is not an accepted IP address, '10.0.0.1' is recommended");
        ex.Field.Should().Be("ip_address");
        ex.Message.Should().Contain("010.000.0.01");
    }

    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.0/24", 4, 24)]
    [InlineData("10.0.0.77/24", "10.0.0.0/24", 4, 24)]
    [InlineData("192.168.1.1/32", "192.168.1.1/32", 4, 32)]
    [InlineData("2001:DB8::/64", "2001:db8::/64", 6, 64)]
    [InlineData("2001:db8::1234/64", "2001:db8::/64", 6, 64)]
    [InlineData("2001:db8::/0", "::/0", 6, 0)]
    public void ParseCidr_when_valid_clears_host_bits_and_canonicalises(string text, string expected, int version, int prefix)
    {
        var cidr = IpCidrParser.ParseCidr(text, "cidr");

        cidr.ToString().Should().Be(expected);
        cidr.Version.Should().Be(version);
        cidr.PrefixLength.Should().Be(prefix);
    }

    [Theory]
    [InlineData("10.0.0.0/33")]
    [InlineData("10.0.0.0/-1")]
    [InlineData("10.0.0.0/abc")]
    [InlineData("10.0.0.0/")]
    [InlineData("10.0.0/24")]
    [InlineData("2001:db8::/129")]
    [InlineData("foo/24")]
    [InlineData("")]
    [InlineData("10.0.0.0/24 ")]
    public void ParseCidr_when_malformed_throws_not_a_valid_ip_subnet(string text)
    {
        var act = () => IpCidrParser.ParseCidr(text, "cidr");

        var ex = act.Should().Throw<InvalidInputException>().Which;
        ex.Field.Should().Be("cidr");
        ex.Value.Should().Be(text);
        ex.Detail.Should().Be($"'{text}' is not a valid IP subnet");
    }

    [Theory]
    [InlineData("10.0.0.0", "10.0.0.0/32")]
    [InlineData("2001:db8::", "2001:db8::/128")]
    [InlineData("10.0.0.0/024", "10.0.0.0/24")]
    [InlineData("010.0.0.0/24", "10.0.0.0/24")]
    public void ParseCidr_when_not_canonically_written_recommends_cidr(string text, string recommended)
    {
        var act = () => IpCidrParser.ParseCidr(text, "cidr");

        act.Should().Throw<InvalidInputException>()
            .Which.Detail.Should().Be($"'{text}' isn't a recognized IP subnet cidr, '{recommended}' is recommended");
    }

    [Fact]
    public void ToUInt128_when_round_tripped_gives_same_address()
    {
        var v4 = IPAddress.Parse("10.1.2.3");
        var v6 = IPAddress.Parse("2001:db8::dead:beef");

        IpAddressMath.ToUInt128(v4).Should().Be((UInt128)0x0A010203);
        IpAddressMath.FromUInt128(IpAddressMath.ToUInt128(v4), 4).Should().Be(v4);
        IpAddressMath.FromUInt128(IpAddressMath.ToUInt128(v6), 6).Should().Be(v6);
        IpAddressText.Format(IpAddressMath.ToUInt128(v6), 6).Should().Be("2001:db8::dead:beef");
    }

    [Fact]
    public void IpCidr_when_queried_reports_bounds_containment_and_overlap()
    {
        var net = IpCidr.Parse("10.0.0.0/24");

        net.FormatAddress(net.First).Should().Be("10.0.0.0");
        net.FormatAddress(net.Last).Should().Be("10.0.0.255");
        net.Contains(IPAddress.Parse("10.0.0.200")).Should().BeTrue();
        net.Contains(IPAddress.Parse("10.0.1.0")).Should().BeFalse();
        net.Contains(IPAddress.Parse("::a00:1")).Should().BeFalse();
        net.Overlaps(IpCidr.Parse("10.0.0.128/25")).Should().BeTrue();
        net.Overlaps(IpCidr.Parse("10.0.0.0/8")).Should().BeTrue();
        net.Overlaps(IpCidr.Parse("10.0.1.0/24")).Should().BeFalse();
        net.ToIPNetwork().Should().Be(IPNetwork.Parse("10.0.0.0/24"));
        IpCidr.Parse("2001:db8::/64").Last.Should().Be(IpAddressMath.ToUInt128(IPAddress.Parse("2001:db8::ffff:ffff:ffff:ffff")));
    }
}
