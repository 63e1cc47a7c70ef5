using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Ml2.Docs.Tests.Readme;

/// <summary>
/// Compiles a README snippet as it would compile pasted into a new console project (C# latest, nullable on, the SDK's
/// implicit usings) against the SDK's assemblies this test built, and runs it when it is a program.
/// </summary>
internal static class SnippetCompiler
{
    /// <summary>The global usings of a new <c>Microsoft.NET.Sdk</c> project with <c>ImplicitUsings</c> on.</summary>
    private const string ImplicitUsings = """
        global using global::System;
        global using global::System.Collections.Generic;
        global using global::System.IO;
        global using global::System.Linq;
        global using global::System.Net.Http;
        global using global::System.Threading;
        global using global::System.Threading.Tasks;
        """;

    /// <summary>What a fragment may use besides its own usings: <c>services</c> and the README's <c>MySwitchDriver</c>.</summary>
    private const string FragmentSupport = """
        internal sealed class MySwitchDriver : global::Ml2.Drivers.IMechanismDriver
        {
            public string Name => "my-switch";
        }
        """;

    private static readonly CSharpParseOptions s_parse = new(LanguageVersion.Latest);

    private static readonly Lazy<MetadataReference[]> s_references = new(() =>
        [
            .. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Select(path => MetadataReference.CreateFromFile(path)),
        ]);

    /// <summary>The compiled snippet: its diagnostics (warnings and errors) and, when it has none, its image.</summary>
    public sealed record Result(bool IsProgram, IReadOnlyList<string> Problems, byte[]? Image);

    public static Result Compile(ReadmeSnippet snippet)
    {
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(ImplicitUsings, s_parse, "ImplicitUsings.cs") };
        var code = snippet.IsFragment ? WrapFragment(snippet.Code) : snippet.Code;
        var tree = CSharpSyntaxTree.ParseText(code, s_parse, snippet.File);
        trees.Add(tree);
        if (snippet.IsFragment)
        {
            trees.Add(CSharpSyntaxTree.ParseText(FragmentSupport, s_parse, "FragmentSupport.cs"));
        }

        var isProgram = !snippet.IsFragment && tree.GetCompilationUnitRoot().Members.OfType<GlobalStatementSyntax>().Any();
        var options = new CSharpCompilationOptions(isProgram ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary)
            .WithNullableContextOptions(NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
            {
                // The SDK's default NoWarn: assembly version unification against the runtime's assemblies.
                ["CS1701"] = ReportDiagnostic.Suppress,
                ["CS1702"] = ReportDiagnostic.Suppress,
            });
        var compilation = CSharpCompilation.Create("ReadmeSnippet_" + Guid.NewGuid().ToString("N"), trees, s_references.Value, options);

        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        var problems = emitted.Diagnostics
            .Where(d => d.Severity is DiagnosticSeverity.Warning or DiagnosticSeverity.Error)
            .Select(d => Describe(snippet, d))
            .ToList();
        return new Result(isProgram, problems, emitted.Success && problems.Count == 0 ? image.ToArray() : null);
    }

    /// <summary>Runs a compiled program's entry point in this process; returns what it wrote to the console.</summary>
    /// <remarks>Not in a collectible load context: the container compiles activation code for the snippet's types.</remarks>
    public static async Task<string> RunAsync(byte[] image, TimeSpan timeout)
    {
        var original = Console.Out;
        using var output = new StringWriter();
        try
        {
            var entryPoint = Assembly.Load(image).EntryPoint
                ?? throw new InvalidOperationException("The program has no entry point.");
            Console.SetOut(output);
            object?[] arguments = entryPoint.GetParameters().Length == 0 ? [] : [Array.Empty<string>()];
            await Task.Run(() => entryPoint.Invoke(null, arguments)).WaitAsync(timeout);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new InvalidOperationException($"The program threw; it wrote:\n{output}", e.InnerException);
        }
        finally
        {
            Console.SetOut(original);
        }

        return output.ToString();
    }

    /// <summary>The fragment's leading usings stay at the top of the file; the rest becomes the body of an async method.</summary>
    private static string WrapFragment(string fragment)
    {
        var root = CSharpSyntaxTree.ParseText(fragment, s_parse).GetCompilationUnitRoot();
        var split = root.Usings.Count == 0 ? 0 : root.Usings.Last().FullSpan.End;
        return $$"""
            {{fragment[..split]}}
            internal static class ReadmeFragment
            {
                internal static async global::System.Threading.Tasks.Task RunAsync(global::Microsoft.Extensions.DependencyInjection.IServiceCollection services)
                {
            {{fragment[split..]}}
                    await global::System.Threading.Tasks.Task.CompletedTask;
                }
            }
            """;
    }

    private static string Describe(ReadmeSnippet snippet, Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        var where = span.Path == snippet.File && !snippet.IsFragment
            ? $"{snippet.File}:{snippet.Line + 1 + span.StartLinePosition.Line}"
            : $"{snippet.Id} ({span.Path} line {span.StartLinePosition.Line + 1} of the compiled text)";
        return $"{where}: {diagnostic.Id} {diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }
}
