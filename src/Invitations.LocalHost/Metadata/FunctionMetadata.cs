using System.Globalization;

namespace Invitations.LocalHost.Metadata;

/// <summary>One function entry of functions.metadata, the file the Functions host indexes.</summary>
public sealed record FunctionMetadata(string Name, string ScriptFile, string EntryPoint, IReadOnlyList<BindingMetadata> Bindings)
{
    public BindingMetadata Trigger => Bindings.Single(binding => binding.IsTrigger);

    public string TypeName => EntryPoint[..EntryPoint.LastIndexOf('.')];

    public string MethodName => EntryPoint[(EntryPoint.LastIndexOf('.') + 1)..];

    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0} ({1})", Name, Trigger.Type);
}
