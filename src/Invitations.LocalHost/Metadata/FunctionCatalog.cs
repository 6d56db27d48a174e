using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace Invitations.LocalHost.Metadata;

/// <summary>Resolves each function's <c>scriptFile</c> and <c>entryPoint</c> against the app assembly by reflection.</summary>
public static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDescriptor> Resolve(IEnumerable<FunctionMetadata> functions, Assembly functionsAssembly)
    {
        ArgumentNullException.ThrowIfNull(functions);
        ArgumentNullException.ThrowIfNull(functionsAssembly);
        var assemblyName = functionsAssembly.GetName().Name;
        var result = new List<FunctionDescriptor>();
        foreach (var function in functions)
        {
            var scriptAssembly = Path.GetFileNameWithoutExtension(function.ScriptFile);
            if (!string.Equals(scriptAssembly, assemblyName, StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException(
                    $"Function '{function.Name}' lives in '{function.ScriptFile}', but the local host was given the assembly '{assemblyName}'.");
            }

            var type = FindType(functionsAssembly, function.TypeName)
                ?? throw new InvalidOperationException($"Function '{function.Name}': type '{function.TypeName}' is not in '{assemblyName}'.");
            result.Add(new FunctionDescriptor(function, type, FindMethod(type, function)));
        }

        return result;
    }

    private static Type? FindType(Assembly assembly, string typeName)
    {
        var type = assembly.GetType(typeName);
        if (type is not null)
        {
            return type;
        }

        // Nested types are written with '.' in entry points; reflection names them with '+'.
        for (var dot = typeName.LastIndexOf('.'); dot > 0 && type is null; dot = typeName.LastIndexOf('.', dot - 1))
        {
            type = assembly.GetType(typeName[..dot] + "+" + typeName[(dot + 1)..].Replace('.', '+'));
        }

        return type;
    }

    private static MethodInfo FindMethod(Type type, FunctionMetadata function)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        var candidates = type.GetMethods(flags).Where(m => m.Name == function.MethodName).ToArray();
        var attributed = candidates
            .Where(m => string.Equals(m.GetCustomAttribute<FunctionAttribute>()?.Name, function.Name, StringComparison.Ordinal))
            .ToArray();
        return (attributed.Length == 1 ? attributed : candidates) switch
        {
            [var single] => single,
            [] => throw new InvalidOperationException($"Function '{function.Name}': method '{function.EntryPoint}' does not exist."),
            _ => throw new InvalidOperationException($"Function '{function.Name}': method '{function.EntryPoint}' is ambiguous."),
        };
    }
}
