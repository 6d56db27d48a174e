using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Invitations.Hosting;
using Invitations.LocalHost;
using Invitations.Security;
using Invitations.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Invitations.Tests.Api;

public sealed record StorageSnapshot(IReadOnlyList<string> Rows, int QueuedEmails)
{
    public void AssertSameAs(StorageSnapshot other, string because)
    {
        ArgumentNullException.ThrowIfNull(other);
        Assert.True(Rows.SequenceEqual(other.Rows), $"Rows changed: {because}");
        Assert.True(QueuedEmails == other.QueuedEmails, $"Queued emails changed ({other.QueuedEmails} -> {QueuedEmails}): {because}");
    }
}
