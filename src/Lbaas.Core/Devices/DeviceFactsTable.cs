using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;
using Lbaas;

namespace Lbaas.Devices;

/// <summary>
/// The <see cref="DeviceFacts"/> of every cached device, by device number, in pages of 1024 entries that never move
/// (the table grows by adding pages), with the number of each device beside: the dense layout placement judges from.
/// </summary>
/// <remarks>
/// <para>
/// Writers change an entry under the device's lock; readers take no lock and copy an entry under a sequence check
/// (the entry's <see cref="DeviceFacts.Sequence"/> is odd while written; a reader that saw it change copies again), so
/// a reader never sees half a change.
/// </para>
/// <para>
/// A removed device's number is given to the next added device with the entry's <see cref="DeviceFacts.Epoch"/>
/// bumped: a reader that found the number in an index just before the removal and reads the new device's facts is
/// told apart by the epoch, which the device's slot keeps too.
/// </para>
/// </remarks>
internal sealed class DeviceFactsTable
{
    private const int PageBits = 10;
    private const int PageSize = 1 << PageBits;

    private readonly Lock _gate = new();
    private readonly Stack<int> _free = new();
    private DeviceFacts[][] _pages = [];
    private DeviceSlot?[][] _slotPages = [];
    private int _next;

    /// <summary>Gives a number to a new device and files its slot under it.</summary>
    /// <param name="slot">The device's slot (its <see cref="DeviceSlot.Number"/> and epoch are set here).</param>
    public void Assign(DeviceSlot slot)
    {
        lock (_gate)
        {
            var number = _free.Count > 0 ? _free.Pop() : _next;
            if (number == _next)
            {
                if ((number >> PageBits) == _pages.Length)
                {
                    // New page arrays: readers holding the old arrays still see every existing page.
                    Volatile.Write(ref _pages, [.. _pages, GC.AllocateArray<DeviceFacts>(PageSize, pinned: true)]);
                    Volatile.Write(ref _slotPages, [.. _slotPages, new DeviceSlot?[PageSize]]);
                }

                Volatile.Write(ref _next, number + 1);
            }

            ref var facts = ref Entry(number);
            slot.Number = number;
            slot.Epoch = facts.Epoch + 1;
            Interlocked.Increment(ref facts.Sequence);
            facts = default(DeviceFacts) with { Sequence = facts.Sequence, Epoch = slot.Epoch };
            Volatile.Write(ref facts.Sequence, facts.Sequence + 1);
            Volatile.Write(ref _slotPages[number >> PageBits][number & (PageSize - 1)], slot);
        }
    }

    /// <summary>Frees a removed device's number (its facts are cleared: the entry holds no device).</summary>
    /// <param name="slot">The removed device's slot.</param>
    public void Release(DeviceSlot slot)
    {
        lock (_gate)
        {
            var number = slot.Number;
            ref var facts = ref Entry(number);
            Interlocked.Increment(ref facts.Sequence);
            facts = default(DeviceFacts) with { Sequence = facts.Sequence, Epoch = facts.Epoch };
            Volatile.Write(ref facts.Sequence, facts.Sequence + 1);
            Volatile.Write(ref _slotPages[number >> PageBits][number & (PageSize - 1)], null);
            _free.Push(number);
        }
    }

    /// <summary>The slot filed under a number, or null.</summary>
    public DeviceSlot? SlotOf(int number)
    {
        var pages = Volatile.Read(ref _slotPages);
        var page = number >> PageBits;
        return (uint)page < (uint)pages.Length ? Volatile.Read(ref pages[page][number & (PageSize - 1)]) : null;
    }

    /// <summary>Copies a device's facts without a lock (see the class remarks).</summary>
    /// <param name="number">The device number.</param>
    /// <param name="facts">The facts; default (no device) for a number never handed out.</param>
    public void Read(int number, out DeviceFacts facts)
    {
        var pages = Volatile.Read(ref _pages);
        var page = number >> PageBits;
        if ((uint)page >= (uint)pages.Length)
        {
            facts = default;
            return;
        }

        ref var entry = ref pages[page][number & (PageSize - 1)];
        var spinner = default(SpinWait);
        while (true)
        {
            var before = Volatile.Read(ref entry.Sequence);
            facts = entry;
            Interlocked.MemoryBarrier();
            if ((before & 1) == 0 && Volatile.Read(ref entry.Sequence) == before)
            {
                return;
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>
    /// Copies the facts of a batch of devices without a lock: every entry's sequence and facts first (so the reads
    /// from memory overlap), then one barrier and a check of each sequence; an entry that changed meanwhile is copied
    /// again on its own.
    /// </summary>
    /// <param name="numbers">The device numbers.</param>
    /// <param name="facts">Receives the facts, one per number.</param>
    /// <param name="sequences">Working space, at least as long as <paramref name="numbers"/>.</param>
    public void ReadBatch(ReadOnlySpan<int> numbers, Span<DeviceFacts> facts, Span<int> sequences)
    {
        var pages = Volatile.Read(ref _pages);
        Prefetch(pages, numbers);
        for (var i = 0; i < numbers.Length; i++)
        {
            var number = numbers[i];
            var page = number >> PageBits;
            if ((uint)page >= (uint)pages.Length)
            {
                sequences[i] = 0;
                facts[i] = default;
                continue;
            }

            ref var entry = ref pages[page][number & (PageSize - 1)];
            sequences[i] = Volatile.Read(ref entry.Sequence);
            facts[i] = entry;
        }

        Interlocked.MemoryBarrier();
        for (var i = 0; i < numbers.Length; i++)
        {
            var number = numbers[i];
            var page = number >> PageBits;
            if ((uint)page < (uint)pages.Length
                && ((sequences[i] & 1) != 0 || Volatile.Read(ref pages[page][number & (PageSize - 1)].Sequence) != sequences[i]))
            {
                Read(number, out facts[i]);
            }
        }
    }

    /// <summary>Sets a device's load and revision (under the device's lock): readers see all of it or none.</summary>
    /// <param name="number">The device number.</param>
    /// <param name="revision">The store's revision.</param>
    /// <param name="loadBalancers">The load balancers on it.</param>
    /// <param name="networks">The networks its claims use.</param>
    public void WriteLoad(int number, long revision, int loadBalancers, int networks)
    {
        ref var entry = ref Entry(number);
        Interlocked.Increment(ref entry.Sequence);
        entry.Revision = revision;
        entry.LoadBalancers = loadBalancers;
        entry.Networks = networks;
        Volatile.Write(ref entry.Sequence, entry.Sequence + 1);
    }

    /// <summary>Sets a device's record part, load and revision (under the device's lock).</summary>
    /// <param name="number">The device number.</param>
    /// <param name="device">The record.</param>
    /// <param name="provider">The provider's number.</param>
    /// <param name="owner">The owner's number, or 0.</param>
    /// <param name="revision">The store's revision.</param>
    /// <param name="loadBalancers">The load balancers on it.</param>
    /// <param name="networks">The networks its claims use.</param>
    public void WriteAll(int number, Device device, int provider, int owner, long revision, int loadBalancers, int networks)
    {
        // Made first, so nothing can throw while the entry is marked as being written.
        var facts = new DeviceFacts { Revision = revision, LoadBalancers = loadBalancers, Networks = networks };
        facts.SetRecord(device, provider, owner);
        ref var entry = ref Entry(number);
        facts.Epoch = entry.Epoch;
        facts.Sequence = Interlocked.Increment(ref entry.Sequence);
        entry = facts;
        Volatile.Write(ref entry.Sequence, facts.Sequence + 1);
    }

    // Asks the processor for every entry of a batch, and the reference to its slot, before the first is read, so the
    // reads from memory overlap instead of following one another (a large fleet's table outgrows the caches). A prefetch
    // is only a hint: facts pages are pinned, and a slot page that the GC moves meanwhile costs one wasted prefetch.
    private unsafe void Prefetch(DeviceFacts[][] pages, ReadOnlySpan<int> numbers)
    {
        if (!Sse.IsSupported)
        {
            return;
        }

        var slotPages = Volatile.Read(ref _slotPages);
        foreach (var number in numbers)
        {
            var page = number >> PageBits;
            if ((uint)page < (uint)pages.Length && (uint)page < (uint)slotPages.Length)
            {
                Sse.Prefetch0(Unsafe.AsPointer(ref pages[page][number & (PageSize - 1)]));
                Sse.Prefetch0(Unsafe.AsPointer(ref slotPages[page][number & (PageSize - 1)]));
            }
        }
    }

    private ref DeviceFacts Entry(int number) => ref Volatile.Read(ref _pages)[number >> PageBits][number & (PageSize - 1)];
}
