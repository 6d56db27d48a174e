using System.Reflection;
using Invitations.Hosting;
using NetArchTest.Rules;
using Xunit.Abstractions;

namespace Invitations.Tests.Architecture;

/// <summary>
/// The feature folders of src/Invitations.Functions (one namespace each: Invitations, Admin, Email, Expiry, Storage...;
/// Hosting's composition root, Hosting.Http, Hosting.LocalData and Hosting.Telemetry count apart) never import each other in a circle,
/// and the domain (Invitations/) holds no Azure or HTTP types.
/// </summary>
public sealed class FeatureDependencyTests(ITestOutputHelper output)
{
    private static readonly Assembly App = typeof(InvitationsAppExtensions).Assembly;

    [Fact]
    public void Feature_folders_import_each_other_in_no_circle()
    {
        var graph = DependencyGraph(App);
        foreach (var (from, to) in graph.Edges.OrderBy(e => e.Key.From).ThenBy(e => e.Key.To).Select(e => e.Key))
        {
            output.WriteLine($"{from} -> {to}");
        }

        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "Import cycles between feature folders:" + Environment.NewLine +
            string.Join(Environment.NewLine, cycles.Select(c => Describe(c, graph))));
    }

    [Fact]
    public void The_cycle_check_finds_a_cycle_when_there_is_one()
    {
        var graph = new Graph();
        graph.Add("A", "B", "A.X");
        graph.Add("B", "C", "B.Y");
        graph.Add("C", "A", "C.Z");
        graph.Add("C", "D", "C.W");

        Assert.Equal([["A", "B", "C"]], Cycles(graph));
    }

    [Fact]
    public void The_domain_holds_no_Azure_or_AspNetCore_types()
    {
        var result = Types.InAssembly(App).That().ResideInNamespace("Invitations.Invitations")
            .ShouldNot().HaveDependencyOnAny("Azure", "Microsoft.AspNetCore")
            .GetResult();

        Assert.True(result.IsSuccessful, "Invitations/ uses Azure or ASP.NET Core types: " +
            string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void The_domain_rule_catches_a_folder_that_uses_Azure()
    {
        var result = Types.InAssembly(App).That().ResideInNamespace("Invitations.Storage")
            .ShouldNot().HaveDependencyOnAny("Azure", "Microsoft.AspNetCore")
            .GetResult();

        Assert.False(result.IsSuccessful);
    }

    /// <summary>The folder a namespace belongs to: its first segment under <c>Invitations</c>; Hosting's sub-namespaces stand alone.</summary>
    private static string? FolderOf(string? ns)
    {
        if (ns is null || !ns.StartsWith("Invitations.", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = ns["Invitations.".Length..].Split('.');
        return parts[0] == "Hosting" && parts.Length > 1 ? "Hosting." + parts[1] : parts[0];
    }

    private static Graph DependencyGraph(Assembly assembly)
    {
        var folders = assembly.GetTypes()
            .Where(t => !t.IsNested && FolderOf(t.Namespace) is not null)
            .GroupBy(t => FolderOf(t.Namespace)!)
            .ToDictionary(g => g.Key, g => g.Select(t => t.FullName!).ToArray());

        var graph = new Graph();
        var types = Types.InAssembly(assembly);
        foreach (var from in folders.Keys)
        {
            foreach (var (to, targetTypes) in folders.Where(f => f.Key != from))
            {
                // Type names, not a namespace prefix: Hosting's composition root must not swallow Hosting.Http.
                var users = types.That().ResideInNamespaceMatching(NamespacePattern(from))
                    .And().HaveDependencyOnAny(targetTypes)
                    .GetTypes()
                    .Select(t => t.FullName)
                    .ToList();
                foreach (var user in users)
                {
                    graph.Add(from, to, user);
                }
            }
        }

        return graph;
    }

    private static string NamespacePattern(string folder) =>
        "^" + System.Text.RegularExpressions.Regex.Escape("Invitations." + folder) + (folder == "Hosting" ? "$" : @"(\..+)?$");

    /// <summary>Every strongly connected group of two or more folders (Tarjan), each sorted by name.</summary>
    private static List<string[]> Cycles(Graph graph)
    {
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<string[]>();

        void Visit(string node)
        {
            index[node] = low[node] = index.Count;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in graph.Next(node))
            {
                if (!index.TryGetValue(next, out var nextIndex))
                {
                    Visit(next);
                    low[node] = Math.Min(low[node], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[node] = Math.Min(low[node], nextIndex);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    group.Add(member);
                }
                while (member != node);

                if (group.Count > 1)
                {
                    result.Add([.. group.Order(StringComparer.Ordinal)]);
                }
            }
        }

        foreach (var node in graph.Nodes.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return [.. result.OrderBy(c => c[0], StringComparer.Ordinal)];
    }

    private static string Describe(string[] cycle, Graph graph) =>
        string.Join(" <-> ", cycle) + ":" + Environment.NewLine + string.Join(Environment.NewLine,
            graph.Edges.Where(e => cycle.Contains(e.Key.From) && cycle.Contains(e.Key.To))
                .Select(e => $"  {e.Key.From} -> {e.Key.To} via {string.Join(", ", e.Value.Take(5))}"));

    private sealed class Graph
    {
        public Dictionary<(string From, string To), SortedSet<string>> Edges { get; } = [];

        public IEnumerable<string> Nodes => Edges.Keys.SelectMany(e => new[] { e.From, e.To }).Distinct();

        public void Add(string from, string to, string becauseOf)
        {
            if (!Edges.TryGetValue((from, to), out var types))
            {
                Edges[(from, to)] = types = new SortedSet<string>(StringComparer.Ordinal);
            }

            types.Add(becauseOf);
        }

        public IEnumerable<string> Next(string node) => Edges.Keys.Where(e => e.From == node).Select(e => e.To).Order(StringComparer.Ordinal);
    }
}
