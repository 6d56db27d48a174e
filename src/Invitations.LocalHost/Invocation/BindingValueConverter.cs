using System.ComponentModel;
using System.Globalization;

namespace Invitations.LocalHost.Invocation;

/// <summary>Converts binding data (route values, queue message properties) to a parameter's type.</summary>
internal static class BindingValueConverter
{
    public static object? Convert(object? value, Type target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var underlying = Nullable.GetUnderlyingType(target);
        if (value is null || (value is string { Length: 0 } && target != typeof(string)))
        {
            return target.IsValueType && underlying is null ? Activator.CreateInstance(target) : null;
        }

        var type = underlying ?? target;
        if (type.IsInstanceOfType(value))
        {
            return value;
        }

        return value switch
        {
            DateTimeOffset time when type == typeof(DateTime) => time.UtcDateTime,
            DateTimeOffset time when type == typeof(string) => time.ToString("O", CultureInfo.InvariantCulture),
            IConvertible when type == typeof(string) => System.Convert.ToString(value, CultureInfo.InvariantCulture),
            string text => TypeDescriptor.GetConverter(type).ConvertFromInvariantString(text),
            IConvertible when typeof(IConvertible).IsAssignableFrom(type) => System.Convert.ChangeType(value, type, CultureInfo.InvariantCulture),
            _ => throw new InvalidCastException($"Cannot convert {value.GetType().Name} to {target.Name}."),
        };
    }
}
