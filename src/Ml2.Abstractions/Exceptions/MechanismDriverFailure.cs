namespace Ml2.Exceptions;

/// <summary>One mechanism driver's failure in one operation.</summary>
/// <param name="DriverName">The driver's name.</param>
/// <param name="Exception">What it threw.</param>
public sealed record MechanismDriverFailure(string DriverName, Exception Exception);
