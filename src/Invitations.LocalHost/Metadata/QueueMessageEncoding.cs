using System.Text.Json;
using System.Text.Json.Nodes;

namespace Invitations.LocalHost.Metadata;

public enum QueueMessageEncoding
{
    Base64,
    None,
}
