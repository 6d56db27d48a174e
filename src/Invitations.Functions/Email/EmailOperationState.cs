namespace Invitations.Email;

public enum EmailOperationState
{
    /// <summary>The status could not be read (a transient error); decide nothing from it.</summary>
    Unknown = 0,

    /// <summary>The service does not know the operation id: the email was never accepted.</summary>
    NotFound,
    NotStarted,
    Running,
    Succeeded,
    Failed,
    Canceled,
}
