using System.Globalization;

namespace Invitations.Hosting.Telemetry;

/// <summary>One spelling for event property values, so the KQL can compare them exactly.</summary>
public static class OperationsTelemetryValues
{
    /// <summary><c>true</c>/<c>false</c>, lowercase (KQL: <c>tobool()</c>, or compare with "true").</summary>
    public static string Of(bool value) => value ? "true" : "false";

    public static string Of(long value) => value.ToString(CultureInfo.InvariantCulture);
}
