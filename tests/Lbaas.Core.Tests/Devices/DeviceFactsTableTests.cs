using Lbaas.Devices;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

public sealed class DeviceFactsTableTests
{
    private static DeviceSlot Slot(string id) => new(Device(id), 1, providerNumber: 1);

    [Fact]
    public void Assign_when_a_number_is_freed_gives_it_to_the_next_device_with_a_new_epoch()
    {
        var table = new DeviceFactsTable();
        var first = Slot("d1");
        var second = Slot("d2");
        table.Assign(first);
        table.Assign(second);
        table.WriteAll(first.Number, first.Record, 1, 0, 1, 0, 0);

        table.Release(first);
        table.Read(first.Number, out var freed);
        freed.Exists.Should().BeFalse("a freed number holds no device");
        table.SlotOf(first.Number).Should().BeNull();

        var third = Slot("d3");
        table.Assign(third);
        third.Number.Should().Be(first.Number, "a freed number is reused");
        third.Epoch.Should().Be(first.Epoch + 1, "so a reader holding the old device's facts can tell them apart");
        table.SlotOf(third.Number).Should().BeSameAs(third);
        table.SlotOf(second.Number).Should().BeSameAs(second);
    }

    [Fact]
    public void Assign_when_more_than_a_page_of_devices_keeps_every_earlier_entry()
    {
        var table = new DeviceFactsTable();
        var slots = Enumerable.Range(0, 2500).Select(i => Slot($"d{i}")).ToArray();
        foreach (var slot in slots)
        {
            table.Assign(slot);
            table.WriteLoad(slot.Number, revision: slot.Number + 10, loadBalancers: slot.Number % 7, networks: slot.Number % 5);
        }

        slots.Select(s => s.Number).Should().Equal(Enumerable.Range(0, 2500), "numbers are handed out densely from 0");
        var numbers = new[] { 0, 1023, 1024, 2499 };
        var batch = new DeviceFacts[numbers.Length];
        table.ReadBatch(numbers, batch, new int[numbers.Length]);
        for (var i = 0; i < numbers.Length; i++)
        {
            table.Read(numbers[i], out var single);
            batch[i].Should().Be(single);
            single.Revision.Should().Be(numbers[i] + 10);
            single.LoadBalancers.Should().Be(numbers[i] % 7);
            table.SlotOf(numbers[i]).Should().BeSameAs(slots[numbers[i]]);
        }

        table.Read(99_999, out var beyond);
        beyond.Exists.Should().BeFalse();
        table.SlotOf(99_999).Should().BeNull();
    }

    [Fact]
    public async Task Read_while_a_writer_changes_the_entry_never_sees_half_a_change()
    {
        var table = new DeviceFactsTable();
        var slot = Slot("d1");
        table.Assign(slot);
        const int writes = 200_000;
        var writer = Task.Run(() =>
        {
            for (var i = 1; i <= writes; i++)
            {
                // Every write keeps revision = load balancers = networks: a torn read shows them unequal.
                table.WriteLoad(slot.Number, i, i, i);
            }
        });

        var torn = 0;
        var reads = 0;
        var batch = new DeviceFacts[1];
        var sequences = new int[1];
        while (!writer.IsCompleted || reads == 0)
        {
            table.Read(slot.Number, out var facts);
            table.ReadBatch([slot.Number], batch, sequences);
            foreach (var read in new[] { facts, batch[0] })
            {
                if (read.Revision != read.LoadBalancers || read.LoadBalancers != read.Networks)
                {
                    torn++;
                }
            }

            reads++;
        }

        await writer;
        torn.Should().Be(0, $"{reads} reads raced {writes} writes");
        table.Read(slot.Number, out var last);
        last.Revision.Should().Be(writes);
    }
}
