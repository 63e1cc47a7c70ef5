using Lbaas.Devices;
using Lbaas;
using static Lbaas.Core.Tests.Placement.Support.TestDevices;

namespace Lbaas.Core.Tests.Devices;

public sealed class DeviceSlotSetTests
{
    private static DeviceSlot[] Slots(int count)
    {
        var table = new DeviceFactsTable();
        var slots = Enumerable.Range(0, count).Select(i => new DeviceSlot(Device($"d{i}"), 1, 1)).ToArray();
        foreach (var slot in slots)
        {
            table.Assign(slot);
        }

        return slots;
    }

    [Theory]
    [InlineData(10)]
    [InlineData(DeviceSlotSet.BitmapFrom + 1)]
    [InlineData(1000)]
    public void Contains_when_devices_are_added_and_removed_answers_like_a_hash_set(int size)
    {
        var slots = Slots(2 * size);
        var set = new DeviceSlotSet("net-1");
        var expected = new HashSet<int>();
        var random = new Random(size);
        for (var step = 0; step < 6 * size; step++)
        {
            var slot = slots[random.Next(slots.Length)];
            if (random.Next(3) == 0)
            {
                set.Remove(slot, retireWhenEmpty: false);
                expected.Remove(slot.Number);
            }
            else
            {
                set.Add(slot).Should().BeTrue();
                expected.Add(slot.Number);
            }
        }

        set.Count.Should().Be(expected.Count);
        set.Items.ToArray().Should().BeEquivalentTo(expected);
        foreach (var slot in slots)
        {
            set.Contains(slot.Number).Should().Be(expected.Contains(slot.Number), $"device {slot.Number} in a set of {expected.Count}");
        }

        set.Contains(10 * size).Should().BeFalse("a number beyond every device is in no set");
    }

    [Fact]
    public void Remove_when_the_set_empties_retires_it_and_refuses_later_adds()
    {
        var slots = Slots(2);
        var set = new DeviceSlotSet("net-1");
        set.Add(slots[0]);

        set.Remove(slots[0], retireWhenEmpty: true).Should().BeTrue();
        set.Add(slots[1]).Should().BeFalse("an adder must use the index's new set");
        set.Items.ToArray().Should().BeEmpty();
    }

    [Fact]
    public void Remove_in_a_load_bucket_moves_the_last_device_into_the_gap_and_keeps_its_position()
    {
        var table = new DeviceFactsTable();
        var slots = Enumerable.Range(0, 3).Select(i => new DeviceSlot(Device($"d{i}"), 1, 1)).ToArray();
        foreach (var slot in slots)
        {
            table.Assign(slot);
        }

        var bucket = new DeviceSlotSet(positionsInSlots: true) { SlotResolver = table.SlotOf };
        foreach (var slot in slots)
        {
            bucket.Add(slot);
        }

        bucket.Remove(slots[0], retireWhenEmpty: false);

        bucket.Items.ToArray().Should().Equal(slots[2].Number, slots[1].Number);
        slots[0].BucketPosition.Should().Be(-1);
        slots[2].BucketPosition.Should().Be(0, "the moved device's position follows it");
        bucket.Remove(slots[2], retireWhenEmpty: false);
        bucket.Items.ToArray().Should().Equal(slots[1].Number);
    }
}
