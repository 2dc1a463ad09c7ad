import DockSimulation
import Foundation
import Testing

/// `dock-sim --answer METHOD=BEHAVIOUR`, read into the behaviour a simulated dock answers with.
@Suite struct AnswerRuleTests {
    @Test(
        arguments: [
            (
                "live_start_push=fail:513003", "live_start_push",
                SimulatedDock.Behaviour.fail(result: 513_003, extra: [:])
            ),
            ("cover_open=late:3000", "cover_open", .late(.milliseconds(3000), .succeed)),
            ("flighttask_execute=silent", "flighttask_execute", .silent),
            (
                "return_home=progress", "return_home",
                .progress(SimulatedDock.ProgressStep.runningThenDone(step: "return_home"))
            ),
            ("cover_close=late:250:fail:-1", "cover_close", .late(.milliseconds(250), .fail(result: -1, extra: [:]))),
            ("debug_mode_open=twice", "debug_mode_open", .twice(.succeed)),
            ("debug_mode_open=twice:fail:7", "debug_mode_open", .twice(.fail(result: 7, extra: [:]))),
            ("cover_open=wrong-method:cover_close", "cover_open", .wrongMethod("cover_close", .succeed)),
            (" live_stop_push = succeed ", "live_stop_push", .succeed),
        ] as [(String, String, SimulatedDock.Behaviour)])
    func aRuleForOneMethodParses(text: String, method: String, behaviour: SimulatedDock.Behaviour) throws {
        let rule = try AnswerRule(parsing: text)
        #expect(rule == AnswerRule(method: method, behaviour: behaviour))
    }

    @Test func aStarRuleIsForEveryMethodAndNamesItsProgressStepsGenerically() throws {
        #expect(try AnswerRule(parsing: "*=succeed") == AnswerRule(method: nil, behaviour: .succeed))
        #expect(
            try AnswerRule(parsing: "*=progress")
                == AnswerRule(
                    method: nil, behaviour: .progress(SimulatedDock.ProgressStep.runningThenDone(step: "progress"))))
    }

    @Test(
        arguments: [
            ("live_start_push", "is not METHOD=BEHAVIOUR"),
            ("=succeed", "names no method"),
            ("live_strat_push=succeed", "'live_strat_push' is not a method of dockgate's command catalog"),
            ("cover_open=", "no behaviour"),
            ("cover_open=explode", "unknown behaviour 'explode'"),
            ("cover_open=fail", "fail needs an integer code"),
            ("cover_open=fail:abc", "fail needs an integer code"),
            ("cover_open=fail:0", "fail:0 is a success"),
            ("cover_open=fail:1:2", "fail:CODE takes no argument"),
            ("cover_open=late", "late needs a delay in milliseconds"),
            ("cover_open=late:0", "late needs a delay in milliseconds"),
            ("cover_open=late:3600001", "late needs a delay in milliseconds"),
            ("cover_open=late:100:nonsense", "unknown behaviour 'nonsense'"),
            ("cover_open=silent:5", "silent takes no argument"),
            ("cover_open=wrong-method", "wrong-method needs the method to name"),
        ])
    func aMalformedRuleIsRefusedWithAReasonThatNamesIt(text: String, reason: String) {
        #expect {
            try AnswerRule(parsing: text)
        } throws: { error in
            let description = (error as? AnswerRule.ParseError)?.description ?? ""
            return description.contains(reason) && description.contains(text.trimmingCharacters(in: .whitespaces))
        }
    }
}
