using System.Globalization;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Ml2.PublicApi.Tests;

/// <summary>
/// Lists an assembly's public surface as stable text, by reflection: every exported type (public nested types
/// included) as an unindented line, ordered by its full name, followed by its public and protected members, indented,
/// one per line, sorted. Names are C#-like (<c>List&lt;T&gt;</c>, not <c>List`1</c>; nested types joined with a dot;
/// keywords for the built-in types) and carry nullable annotations, so changing a type, a parameter, a default value,
/// a modifier or nullability shows up as a changed line. Attributes are not listed.
/// </summary>
internal static class PublicApiGenerator
{
    private static readonly Dictionary<Type, string> s_keywords = new()
    {
        [typeof(void)] = "void", [typeof(object)] = "object", [typeof(string)] = "string", [typeof(bool)] = "bool",
        [typeof(byte)] = "byte", [typeof(sbyte)] = "sbyte", [typeof(short)] = "short", [typeof(ushort)] = "ushort",
        [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long", [typeof(ulong)] = "ulong",
        [typeof(float)] = "float", [typeof(double)] = "double", [typeof(decimal)] = "decimal", [typeof(char)] = "char",
        [typeof(nint)] = "nint", [typeof(nuint)] = "nuint",
    };

    private const BindingFlags DeclaredMembers =
        BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The assembly's public surface, one line each, ending with a newline.</summary>
    public static string Generate(Assembly assembly)
    {
        var nullability = new NullabilityInfoContext();
        var types = assembly.GetExportedTypes()
            .Select(t => (Name: QualifiedName(t, t.GetGenericArguments().Select(a => a.Name).ToArray()), Type: t))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .ToList();

        var text = new StringBuilder();
        foreach (var (_, type) in types)
        {
            text.Append(TypeHeader(type, nullability)).Append('\n');
            foreach (var member in Members(type, nullability).Distinct().Order(StringComparer.Ordinal))
            {
                text.Append("  ").Append(member).Append('\n');
            }
        }

        return text.ToString();
    }

    private static string TypeHeader(Type type, NullabilityInfoContext nullability)
    {
        var name = QualifiedName(type, type.GetGenericArguments().Select(a => a.Name).ToArray());
        if (type.IsSubclassOf(typeof(Delegate)))
        {
            var invoke = type.GetMethod("Invoke")!;
            return $"public delegate {Format(invoke.ReturnType, nullability.Create(invoke.ReturnParameter))} {name}({Parameters(invoke, nullability)}){Constraints(type.GetGenericArguments())}";
        }

        if (type.IsEnum)
        {
            return $"public enum {name} : {Format(Enum.GetUnderlyingType(type), null)}";
        }

        string kind;
        if (type.IsInterface)
        {
            kind = "interface";
        }
        else if (type.IsValueType)
        {
            kind = (type.IsDefined(typeof(IsReadOnlyAttribute), false) ? "readonly " : "") + (type.IsByRefLike ? "ref struct" : "struct");
        }
        else
        {
            var isRecord = type.GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance) is not null;
            var modifier = type.IsAbstract && type.IsSealed ? "static " : type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : "";
            kind = modifier + (isRecord ? "record" : "class");
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(Format(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => Format(i, null)).Order(StringComparer.Ordinal));
        var inheritance = bases.Count == 0 ? "" : " : " + string.Join(", ", bases);
        return $"public {kind} {name}{inheritance}{Constraints(type.GetGenericArguments())}";
    }

    private static IEnumerable<string> Members(Type type, NullabilityInfoContext nullability)
    {
        if (type.IsSubclassOf(typeof(Delegate)))
        {
            yield break;
        }

        if (type.IsEnum)
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
            {
                yield return $"{field.Name} = {Convert.ToString(field.GetRawConstantValue(), CultureInfo.InvariantCulture)}";
            }

            yield break;
        }

        foreach (var field in type.GetFields(DeclaredMembers).Where(f => Visible(f.IsPublic, f.IsFamily, f.IsFamilyOrAssembly) && !f.Name.Contains('<', StringComparison.Ordinal)))
        {
            var access = Access(field.IsPublic, field.IsFamily);
            var fieldType = Format(field.FieldType, nullability.Create(field));
            if (field.IsLiteral)
            {
                yield return $"{access} const {fieldType} {field.Name} = {Literal(field.GetRawConstantValue(), field.FieldType)}";
            }
            else
            {
                yield return $"{access}{(field.IsStatic ? " static" : "")}{(field.IsInitOnly ? " readonly" : "")} {fieldType} {field.Name}";
            }
        }

        foreach (var ctor in type.GetConstructors(DeclaredMembers).Where(c => Visible(c.IsPublic, c.IsFamily, c.IsFamilyOrAssembly)))
        {
            yield return $"{Access(ctor.IsPublic, ctor.IsFamily)}{(ctor.IsStatic ? " static" : "")} .ctor({Parameters(ctor, nullability)})";
        }

        foreach (var property in type.GetProperties(DeclaredMembers))
        {
            var getter = property.GetMethod is { } g && Visible(g.IsPublic, g.IsFamily, g.IsFamilyOrAssembly) ? g : null;
            var setter = property.SetMethod is { } s && Visible(s.IsPublic, s.IsFamily, s.IsFamilyOrAssembly) ? s : null;
            var main = getter ?? setter;
            if (main is null || property.Name.Contains('<', StringComparison.Ordinal))
            {
                continue;
            }

            var accessors = new StringBuilder("{ ");
            if (getter is not null)
            {
                accessors.Append(AccessorAccess(getter, main)).Append("get; ");
            }

            if (setter is not null)
            {
                var init = setter.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
                accessors.Append(AccessorAccess(setter, main)).Append(init ? "init; " : "set; ");
            }

            accessors.Append('}');
            var indexParameters = property.GetIndexParameters();
            var name = indexParameters.Length == 0
                ? property.Name
                : $"this[{string.Join(", ", indexParameters.Select(p => Parameter(p, nullability)))}]";
            var required = property.IsDefined(typeof(RequiredMemberAttribute), false) ? " required" : "";
            yield return $"{Access(main.IsPublic, main.IsFamily)}{Modifiers(main)}{required} {Format(property.PropertyType, nullability.Create(property))} {name} {accessors}";
        }

        foreach (var @event in type.GetEvents(DeclaredMembers))
        {
            if (@event.AddMethod is not { } add || !Visible(add.IsPublic, add.IsFamily, add.IsFamilyOrAssembly))
            {
                continue;
            }

            yield return $"{Access(add.IsPublic, add.IsFamily)}{Modifiers(add)} event {Format(@event.EventHandlerType!, nullability.Create(@event))} {@event.Name}";
        }

        foreach (var method in type.GetMethods(DeclaredMembers))
        {
            if (!Visible(method.IsPublic, method.IsFamily, method.IsFamilyOrAssembly)
                || method.Name.Contains('<', StringComparison.Ordinal)
                || (method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal)))
            {
                continue;
            }

            var generic = method.IsGenericMethodDefinition ? $"<{string.Join(", ", method.GetGenericArguments().Select(a => a.Name))}>" : "";
            yield return $"{Access(method.IsPublic, method.IsFamily)}{Modifiers(method)} {Format(method.ReturnType, nullability.Create(method.ReturnParameter))} {method.Name}{generic}({Parameters(method, nullability)}){Constraints(method.IsGenericMethodDefinition ? method.GetGenericArguments() : [])}";
        }
    }

    private static bool Visible(bool isPublic, bool isFamily, bool isFamilyOrAssembly) => isPublic || isFamily || isFamilyOrAssembly;

    private static string Access(bool isPublic, bool isFamily) => isPublic ? "public" : isFamily ? "protected" : "protected internal";

    private static string AccessorAccess(MethodInfo accessor, MethodInfo main) =>
        accessor.IsPublic == main.IsPublic && accessor.IsFamily == main.IsFamily
            ? ""
            : Access(accessor.IsPublic, accessor.IsFamily) + " ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? " static abstract" : method.IsVirtual ? " static virtual" : " static";
        }

        if (method.IsAbstract)
        {
            return " abstract";
        }

        if (!method.IsVirtual)
        {
            return "";
        }

        var isOverride = method.GetBaseDefinition().DeclaringType != method.DeclaringType;
        if (isOverride)
        {
            return method.IsFinal ? " sealed override" : " override";
        }

        // A final virtual method that overrides nothing is an implicit interface implementation: not virtual in C#.
        return method.IsFinal ? "" : " virtual";
    }

    private static string Parameters(MethodBase method, NullabilityInfoContext nullability) =>
        string.Join(", ", method.GetParameters().Select(p => Parameter(p, nullability)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext nullability)
    {
        var text = new StringBuilder();
        if (parameter.Position == 0 && parameter.Member.IsDefined(typeof(ExtensionAttribute), false))
        {
            text.Append("this ");
        }

        if (parameter.ParameterType.IsByRef)
        {
            text.Append(parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ");
        }

        if (parameter.IsDefined(typeof(ParamArrayAttribute), false))
        {
            text.Append("params ");
        }

        text.Append(Format(parameter.ParameterType, nullability.Create(parameter))).Append(' ').Append(parameter.Name);
        if (parameter.HasDefaultValue)
        {
            text.Append(" = ").Append(Literal(parameter.RawDefaultValue, parameter.ParameterType));
        }

        return text.ToString();
    }

    private static string Literal(object? value, Type type)
    {
        if (type.IsByRef)
        {
            type = type.GetElementType()!;
        }

        return value switch
        {
            null => type.IsValueType && Nullable.GetUnderlyingType(type) is null ? "default" : "null",
            string s => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"",
            char c => $"'{c}'",
            bool b => b ? "true" : "false",
            _ when (Nullable.GetUnderlyingType(type) ?? type).IsEnum =>
                $"({Format(Nullable.GetUnderlyingType(type) ?? type, null)}){Convert.ToString(value, CultureInfo.InvariantCulture)}",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    private static string Constraints(Type[] genericParameters)
    {
        var text = new StringBuilder();
        foreach (var parameter in genericParameters.Where(p => p.IsGenericParameter))
        {
            var constraints = new List<string>();
            var attributes = parameter.GenericParameterAttributes;
            if (attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("struct");
            }
            else if (attributes.HasFlag(GenericParameterAttributes.ReferenceTypeConstraint))
            {
                constraints.Add("class");
            }

            constraints.AddRange(parameter.GetGenericParameterConstraints()
                .Where(c => c != typeof(ValueType))
                .Select(c => Format(c, null))
                .Order(StringComparer.Ordinal));
            if (attributes.HasFlag(GenericParameterAttributes.DefaultConstructorConstraint)
                && !attributes.HasFlag(GenericParameterAttributes.NotNullableValueTypeConstraint))
            {
                constraints.Add("new()");
            }

            if (constraints.Count > 0)
            {
                text.Append(" where ").Append(parameter.Name).Append(" : ").Append(string.Join(", ", constraints));
            }
        }

        return text.ToString();
    }

    /// <summary>A type as C# writes it, with the nullable annotations <paramref name="nullability"/> describes.</summary>
    private static string Format(Type type, NullabilityInfo? nullability)
    {
        if (type.IsByRef)
        {
            return Format(type.GetElementType()!, nullability);
        }

        var nullable = nullability?.ReadState == NullabilityState.Nullable ? "?" : "";
        if (type.IsArray)
        {
            var rank = type.GetArrayRank();
            return Format(type.GetElementType()!, nullability?.ElementType) + "[" + new string(',', rank - 1) + "]" + nullable;
        }

        if (type.IsPointer)
        {
            return Format(type.GetElementType()!, null) + "*";
        }

        if (type.IsGenericParameter)
        {
            return type.Name + nullable;
        }

        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Format(underlying, null) + "?";
        }

        if (s_keywords.TryGetValue(type, out var keyword))
        {
            return keyword + (type.IsValueType ? "" : nullable);
        }

        var arguments = type.IsGenericType ? type.GetGenericArguments() : [];
        var formatted = arguments
            .Select((a, i) => Format(a, nullability is not null && i < nullability.GenericTypeArguments.Length ? nullability.GenericTypeArguments[i] : null))
            .ToArray();
        return QualifiedName(type, formatted) + (type.IsValueType ? "" : nullable);
    }

    /// <summary><c>Namespace.Outer&lt;A&gt;.Inner&lt;B&gt;</c>: each level takes its own share of the generic arguments.</summary>
    private static string QualifiedName(Type type, string[] arguments)
    {
        var definition = type.IsGenericType && !type.IsGenericTypeDefinition ? type.GetGenericTypeDefinition() : type;
        var chain = new List<Type>();
        for (var level = definition; level is not null; level = level.DeclaringType)
        {
            chain.Insert(0, level);
        }

        var text = new StringBuilder();
        if (!string.IsNullOrEmpty(chain[0].Namespace))
        {
            text.Append(chain[0].Namespace).Append('.');
        }

        var used = 0;
        for (var i = 0; i < chain.Count; i++)
        {
            var name = chain[i].Name;
            var tick = name.IndexOf('`', StringComparison.Ordinal);
            var count = 0;
            if (tick >= 0)
            {
                count = int.Parse(name[(tick + 1)..], CultureInfo.InvariantCulture);
                name = name[..tick];
            }

            if (i > 0)
            {
                text.Append('.');
            }

            text.Append(name);
            if (count > 0)
            {
                text.Append('<').Append(string.Join(", ", arguments.Skip(used).Take(count))).Append('>');
                used += count;
            }
        }

        return text.ToString();
    }
}
