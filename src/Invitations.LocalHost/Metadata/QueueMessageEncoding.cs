namespace Invitations.LocalHost.Metadata;

public enum QueueMessageEncoding
{
    Base64,
    None,
}
