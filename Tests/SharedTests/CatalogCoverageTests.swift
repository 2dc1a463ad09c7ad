import Testing

@testable import Shared

/// The catalog against the reference: which methods, on which docks, with which progress events.
@Suite struct CatalogCoverageTests {
    /// Every `services` method of reference §5.1–§5.10 by category, less `flighttask_create` (deprecated) and
    /// `flight_areas_delete` (an undocumented demo enum name).
    static let referenceMethods: [String: Set<String>] = [
        "live": ["live_start_push", "live_stop_push", "live_set_quality", "live_lens_change", "live_camera_change"],
        "wayline": [
            "flighttask_prepare", "flighttask_execute", "flighttask_undo", "flighttask_pause", "flighttask_recovery",
            "flighttask_stop", "return_home", "return_home_cancel", "return_specific_home", "flight_setup_abort",
            "in_flight_wayline_deliver", "in_flight_wayline_stop", "in_flight_wayline_recover",
            "in_flight_wayline_cancel",
        ],
        "debug": [
            "debug_mode_open", "debug_mode_close", "supplement_light_open", "supplement_light_close", "device_reboot",
            "drone_open", "drone_close", "cover_open", "cover_close", "cover_force_close", "charge_open",
            "charge_close", "drone_format", "device_format", "putter_open", "putter_close",
            "battery_maintenance_switch", "air_conditioner_mode_switch", "alarm_state_switch",
            "battery_store_mode_switch", "sdr_workmode_switch", "esim_activate", "esim_operator_switch",
            "sim_slot_switch", "rtk_calibration",
        ],
        "firmware": ["ota_create"],
        "logs": ["fileupload_list", "fileupload_start", "fileupload_update"],
        "media": ["upload_flighttask_media_prioritize"],
        "drc": ["drc_mode_enter", "drc_mode_exit"],
        "flight_control": [
            "flight_authority_grab", "takeoff_to_point", "fly_to_point", "fly_to_point_update", "fly_to_point_stop",
            "poi_mode_enter", "poi_mode_exit", "poi_circle_speed_set",
        ],
        "payload": [
            "payload_authority_grab", "camera_mode_switch", "camera_photo_take", "camera_photo_stop",
            "camera_recording_start", "camera_recording_stop", "camera_screen_drag", "camera_aim",
            "camera_frame_zoom", "camera_focal_length_set", "gimbal_reset", "camera_look_at", "camera_screen_split",
            "photo_storage_set", "video_storage_set", "camera_exposure_mode_set", "camera_exposure_set",
            "camera_focus_mode_set", "camera_focus_value_set", "camera_point_focus_action", "ir_metering_mode_set",
            "ir_metering_point_set", "ir_metering_area_set",
        ],
        "flight_areas": [
            "flight_areas_update", "offline_map_update", "unlock_license_list", "unlock_license_switch",
            "unlock_license_update",
        ],
        "psdk": [
            "custom_data_transmission_to_esdk", "custom_data_transmission_to_psdk", "psdk_input_box_text_set",
            "psdk_widget_value_set", "speaker_tts_play_start", "speaker_audio_play_start", "speaker_replay",
            "speaker_play_stop", "speaker_play_mode_set", "speaker_play_volume_set",
        ],
    ]

    @Test func coversEveryServicesMethodOfTheReferenceInItsCategory() {
        let catalog = Dictionary(grouping: CommandCatalog.all, by: \.category).mapValues { Set($0.map(\.method)) }
        #expect(catalog == Self.referenceMethods)
    }

    @Test(arguments: [
        "stick_control", "heart_beat", "drone_control", "drone_emergency_stop", "drc_camera_iso_set",
        "drc_force_landing", "drc_light_mode_set", "drc_speaker_tts_play_start", "flighttask_create",
        "flight_areas_delete", "config", "flight_areas_get",
    ])
    func leavesOutWhatIsNotASendableServicesMethod(method: String) {
        #expect(CommandCatalog.entry(method) == nil)
    }

    /// Reference §4.2, with the progress events of each long-running method.
    static let progressEvents: [String: [String]] = {
        let jobs = [
            "device_reboot", "drone_open", "drone_close", "cover_open", "cover_close", "cover_force_close",
            "charge_open", "charge_close", "drone_format", "device_format", "putter_open", "putter_close",
            "esim_activate", "esim_operator_switch", "rtk_calibration",
        ]
        var events = Dictionary(uniqueKeysWithValues: jobs.map { ($0, [$0]) })
        events["ota_create"] = ["ota_progress"]
        events["fileupload_start"] = ["fileupload_progress"]
        events["flighttask_prepare"] = ["flighttask_progress", "flighttask_ready"]
        events["flighttask_execute"] = ["flighttask_progress"]
        events["in_flight_wayline_deliver"] = ["in_flight_wayline_progress"]
        events["takeoff_to_point"] = ["takeoff_to_point_progress"]
        events["fly_to_point"] = ["fly_to_point_progress"]
        events["camera_photo_take"] = ["camera_photo_take_progress"]
        events["flight_areas_update"] = ["flight_areas_sync_progress"]
        events["offline_map_update"] = ["offline_map_sync_progress"]
        events["speaker_tts_play_start"] = ["speaker_tts_play_start_progress"]
        events["speaker_audio_play_start"] = ["speaker_audio_play_start_progress"]
        return events
    }()

    @Test func longRunningMethodsAreThoseOfTheReferenceWithTheirProgressEvents() {
        let longRunning = CommandCatalog.all.filter(\.longRunning)
        #expect(
            Dictionary(uniqueKeysWithValues: longRunning.map { ($0.method, $0.progressEventMethods) })
                == Self.progressEvents)
        let others = CommandCatalog.all.filter { !$0.longRunning }
        #expect(others.allSatisfy { $0.progressEventMethods.isEmpty })
        #expect(CommandCatalog.entry("cover_open")?.progressEventMethods == ["cover_open"])
        #expect(CommandCatalog.entry("debug_mode_open")?.longRunning == false)
    }

    @Test func flightTaskProgressIsMatchedByFlightID() {
        let keyed = CommandCatalog.all.filter { $0.progressMatchField != nil }
        #expect(Set(keyed.map(\.method)) == ["flighttask_prepare", "flighttask_execute"])
        #expect(keyed.allSatisfy { $0.progressMatchField == "flight_id" })
    }

    @Test func dockOneHasNoDRC() throws {
        let drc = CommandCatalog.all.filter { $0.category == "drc" }
        #expect(Set(drc.map(\.method)) == ["drc_mode_enter", "drc_mode_exit"])
        for command in drc {
            #expect(!command.supportedModels.contains(.dock1), "\(command.method)")
            #expect(command.supportedModels == [.dock2, .dock3], "\(command.method)")
        }
    }

    @Test(arguments: [
        ("putter_open", [DockModel.dock1]), ("putter_close", [.dock1]), ("flight_setup_abort", [.dock1]),
        ("poi_mode_enter", [.dock1]), ("poi_mode_exit", [.dock1]), ("poi_circle_speed_set", [.dock1]),
        ("live_camera_change", [.dock2, .dock3]), ("flighttask_stop", [.dock2, .dock3]),
        ("return_specific_home", [.dock2, .dock3]), ("in_flight_wayline_deliver", [.dock2, .dock3]),
        ("in_flight_wayline_cancel", [.dock2, .dock3]), ("esim_activate", [.dock2, .dock3]),
        ("sim_slot_switch", [.dock2, .dock3]), ("camera_frame_zoom", [.dock2, .dock3]),
        ("offline_map_update", [.dock2]), ("rtk_calibration", [.dock3]),
    ])
    func limitsMethodsToTheDocksWhoseColumnsListThem(method: String, models: [DockModel]) throws {
        let command = try #require(CommandCatalog.entry(method))
        #expect(command.supportedModels == Set(models))
    }

    @Test(arguments: [
        "live_start_push", "flighttask_prepare", "cover_open", "ota_create", "fileupload_start", "takeoff_to_point",
        "payload_authority_grab", "camera_aim", "flight_areas_update", "speaker_tts_play_start",
    ])
    func offersTheCommonMethodsOnEveryDock(method: String) throws {
        let command = try #require(CommandCatalog.entry(method))
        #expect(command.supportedModels == Set(DockModel.allCases))
    }
}
